import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // The CLI tests spawn the built bins.
      globalSetup: ['tests/helpers/build-dist.ts'],
      // Each test file runs in its own child process. The end-to-end files rely on it: each
      // starts the local stack with the real services, whose handler modules load once per
      // process (a second stack in one process would reuse the first one's environment).
      pool: 'forks',
      isolate: true,
    },
  }),
);
