/**
 * One chat table per test file on the run's DynamoDB Local, plus raw reads of its items so
 * tests can assert on what is really stored.
 */
import {
  BatchWriteCommand,
  QueryCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { createTestTable, type TestTable } from '../../src/testing/index.js';

/** Creates the file's table before its tests and closes its clients after them. */
export function useTestTable(prefix: string): () => TestTable {
  let table: TestTable | undefined;
  beforeAll(async () => {
    table = await createTestTable(inject('dynamodbEndpoint'), { prefix });
  });
  afterAll(() => {
    table?.documentClient.destroy();
  });
  return () => {
    if (table === undefined) throw new Error('The test table is created in beforeAll');
    return table;
  };
}

/** Every item of one partition (or one index partition), read directly with Query. */
export async function itemsOf(
  table: TestTable,
  query: { pk: string } | { gsi1pk: string },
): Promise<Record<string, unknown>[]> {
  const base: QueryCommandInput =
    'pk' in query
      ? {
          TableName: table.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': query.pk },
          ConsistentRead: true,
        }
      : {
          TableName: table.tableName,
          IndexName: 'byConnection',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': query.gsi1pk },
        };
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await table.documentClient.send(
      new QueryCommand({
        ...base,
        ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
      }),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/**
 * Writes items straight into the table (bypassing the adapters), 25 per BatchWriteItem,
 * retrying whatever DynamoDB leaves unprocessed.
 */
export async function writeItems(
  table: TestTable,
  items: readonly Record<string, unknown>[],
): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: BatchWriteCommandInput['RequestItems'] = {
      [table.tableName]: items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: item } })),
    };
    while (requests !== undefined && Object.keys(requests).length > 0) {
      const result: BatchWriteCommandOutput = await table.documentClient.send(
        new BatchWriteCommand({ RequestItems: requests }),
      );
      requests = result.UnprocessedItems;
    }
  }
}
