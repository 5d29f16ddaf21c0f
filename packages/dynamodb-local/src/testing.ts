/**
 * @module @chat/dynamodb-local/testing
 *
 * Helpers for test files: a fresh, uniquely named chat table per test file on the DynamoDB
 * Local that the global setup (`@chat/dynamodb-local/vitest-setup`) started. Read its
 * endpoint with `inject('dynamodbEndpoint')`.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from './client-config.js';
import { createChatTable } from './table.js';
// Loads vitest's types so the augmentation below has a module to extend.
import type {} from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local shared by this test run. */
    dynamodbEndpoint: string;
  }
}

/** A table made for one test file. */
export interface TestTable {
  readonly tableName: string;
  /** Settings for any further client the test builds (another adapter, a streams client). */
  readonly clientConfig: DynamoDBClientConfig;
  /** A client of the table's DynamoDB; the test owns it (call `client.destroy()` when done). */
  readonly client: DynamoDBClient;
  readonly streamArn: string;
}

/** A table name no other test uses: `{prefix}-{random}`, within DynamoDB's naming rules. */
export function uniqueTableName(prefix = 'test'): string {
  return `${prefix}-${randomUUID()}`;
}

/** Creates a uniquely named chat table (from `chatTable`) at `endpoint`. */
export async function createTestTable(
  endpoint: string,
  options: { prefix?: string } = {},
): Promise<TestTable> {
  const clientConfig = localClientConfig(endpoint);
  const client = new DynamoDBClient(clientConfig);
  const tableName = uniqueTableName(options.prefix);
  const streamArn = await createChatTable(client, tableName);
  return { tableName, clientConfig, client, streamArn };
}
