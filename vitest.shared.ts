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
    // The SDK warns once per process that Node 20 support ends; it is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    hookTimeout: 60_000,
  },
});
