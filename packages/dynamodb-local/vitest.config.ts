import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // The package tests its own global setup: from source, so no build is needed first.
      globalSetup: ['./src/vitest-setup.ts'],
      // Several tests start and stop JVMs of their own; on a busy 2-core machine that is slow.
      testTimeout: 90_000,
    },
  }),
);
