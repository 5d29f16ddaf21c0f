import { defineConfig, mergeConfig } from 'vitest/config';
import { sharedConfig } from '../../vitest.shared.js';

export default mergeConfig(
  sharedConfig,
  defineConfig({
    test: {
      // One DynamoDB Local for the run (each stack makes its own table in it); the CLI tests
      // spawn the built `dist/cli.js`.
      globalSetup: ['@chat/dynamodb-local/vitest-setup', 'tests/helpers/build-dist.ts'],
    },
  }),
);
