/**
 * A local stack for one test: free ports, a fresh table on the run's shared DynamoDB Local
 * (started by `@chat/dynamodb-local/vitest-setup`), and a quick poll interval.
 */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import type {} from '@chat/dynamodb-local/testing';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../src/index.js';

/** Starts a stack on the shared DynamoDB Local with its own table and free ports. */
export function startTestStack(options: LocalStackOptions): Promise<LocalStack> {
  return startLocalStack({
    websocketPort: 0,
    httpPort: 0,
    lambdaPort: 0,
    dynamodbEndpoint: inject('dynamodbEndpoint'),
    tableName: `local-stack-test-${randomUUID()}`,
    pollIntervalMs: 50,
    ...options,
  });
}
