/**
 * Vitest settings every package shares. Each run also writes `test-results.json` in the
 * package folder, which `.ci/run` sums into its one-line summary.
 */
import { defineConfig } from 'vitest/config';

export const sharedConfig = defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
