/**
 * @module @chat/dynamodb-local/vitest-setup
 *
 * Vitest global setup: starts one DynamoDB Local for the whole test run and provides its
 * endpoint to every test file as `inject('dynamodbEndpoint')`. When `DYNAMODB_ENDPOINT` is
 * set (CI sharing one instance, or a developer's running local stack), that endpoint is
 * provided instead and no JVM is started.
 *
 * ```ts
 * // vitest.config.ts
 * test: { globalSetup: ['@chat/dynamodb-local/vitest-setup'] }
 * ```
 */
import type { TestProject } from 'vitest/node';
// Loads vitest's types so the augmentation below has a module to extend.
import type {} from 'vitest';
import { sharedEndpointFromEnv } from './env.js';
import { startDynamoDbLocal } from './start.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local shared by this test run. */
    dynamodbEndpoint: string;
  }
}

/** Starts DynamoDB Local (unless `DYNAMODB_ENDPOINT` is set) and returns the teardown. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = sharedEndpointFromEnv();
  if (shared !== undefined) {
    project.provide('dynamodbEndpoint', shared);
    return () => Promise.resolve();
  }
  const dynamoDb = await startDynamoDbLocal();
  project.provide('dynamodbEndpoint', dynamoDb.endpoint);
  return () => dynamoDb.stop();
}
