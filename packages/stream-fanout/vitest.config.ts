import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

// Projects do not inherit `include` cleanly (`extends` concatenates it), so each names its
// own files and takes the shared timeouts.
const { testTimeout = 20_000, hookTimeout = 60_000 } = sharedConfig.test ?? {};

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      projects: [
        { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout, hookTimeout } },
        {
          test: {
            name: 'integration',
            include: ['tests/integration/**/*.test.ts'],
            testTimeout,
            hookTimeout,
            // One DynamoDB Local for the run; only the integration tests need (and wait for) it.
            globalSetup: ['@chat/dynamodb-local/vitest-setup'],
          },
        },
      ],
    },
  }),
);
