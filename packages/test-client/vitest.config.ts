import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // The CLI tests spawn the built bins.
      globalSetup: ['tests/helpers/build-dist.ts'],
    },
  }),
);
