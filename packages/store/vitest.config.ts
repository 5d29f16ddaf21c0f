import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // One DynamoDB Local for the run (or DYNAMODB_ENDPOINT); files make their own tables.
      globalSetup: ['@chat/dynamodb-local/vitest-setup'],
    },
  }),
);
