import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // One DynamoDB Local for the run; the runtime test makes its own table in it.
      globalSetup: ['@chat/dynamodb-local/vitest-setup'],
    },
  }),
);
