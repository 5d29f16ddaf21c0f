/**
 * @module @chat/store/testing
 *
 * Test helpers for code that stores through the DynamoDB adapters. Run the tests with the
 * global setup `@chat/dynamodb-local/vitest-setup`, then in a test file:
 *
 * ```ts
 * const table = await createTestTable(inject('dynamodbEndpoint'));
 * const store = new DynamoMessageStore({ tableName: table.tableName, client: table.documentClient });
 * ```
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  createTestTable as createLocalTable,
  type TestTable as LocalTestTable,
} from '@chat/dynamodb-local/testing';

/** A chat table made for one test file, with a plain and a document client of it. */
export interface TestTable extends LocalTestTable {
  /** Document client over `client`, as the adapters take it. */
  readonly documentClient: DynamoDBDocumentClient;
}

/**
 * Creates a uniquely named chat table (keys, index, stream and TTL from `chatTable`) on
 * the DynamoDB Local at `endpoint`, so test files never see each other's items.
 */
export async function createTestTable(
  endpoint: string,
  options: { prefix?: string } = {},
): Promise<TestTable> {
  const table = await createLocalTable(endpoint, options);
  return { ...table, documentClient: DynamoDBDocumentClient.from(table.client) };
}
