/**
 * A fresh chat table on DynamoDB Local, the environment the Lambda handlers read, and
 * direct reads of the table for assertions.
 */
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { createTestTable, type TestTable } from '@chat/dynamodb-local/testing';
import type { LogLevel } from '../env.js';

/** The test table and a document client reading it directly, bypassing the service. */
export interface TableFixture {
  readonly table: TestTable;
  readonly documentClient: DynamoDBDocumentClient;
  /** Writes `item` as is, bypassing the service and the codecs (e.g. a malformed item). */
  putItem(item: Record<string, unknown>): Promise<void>;
  /** One item by key, as stored. */
  getItem(pk: string, sk: string): Promise<Record<string, unknown> | undefined>;
  /** Every item of one partition, as stored. */
  partition(pk: string): Promise<Record<string, unknown>[]>;
  /** Every item of the table (a test table is tiny; Scan is fine in a test). */
  allItems(): Promise<Record<string, unknown>[]>;
  destroy(): void;
}

/**
 * Creates a test table on the DynamoDB Local at `endpoint` (in a test file:
 * `inject('dynamodbEndpoint')`) and points the handlers' environment at it, with logging
 * silenced unless `logLevel` says otherwise. Call it before importing a handler module: the
 * composition root reads the environment once, on import.
 */
export async function setUpTable(
  endpoint: string,
  prefix: string,
  options: { logLevel?: LogLevel } = {},
): Promise<TableFixture> {
  const table = await createTestTable(endpoint, { prefix });
  process.env.TABLE_NAME = table.tableName;
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.AWS_REGION = 'us-east-1';
  process.env.LOG_LEVEL = options.logLevel ?? 'SILENT';
  const documentClient = DynamoDBDocumentClient.from(table.client);
  const TableName = table.tableName;
  return {
    table,
    documentClient,
    async putItem(Item) {
      await documentClient.send(new PutCommand({ TableName, Item }));
    },
    async getItem(pk, sk) {
      const { Item } = await documentClient.send(
        new GetCommand({ TableName, Key: { pk, sk }, ConsistentRead: true }),
      );
      return Item;
    },
    async partition(pk) {
      const { Items } = await documentClient.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ConsistentRead: true,
        }),
      );
      return Items ?? [];
    },
    async allItems() {
      const items: Record<string, unknown>[] = [];
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await documentClient.send(
          new ScanCommand({ TableName, ConsistentRead: true, ExclusiveStartKey }),
        );
        items.push(...(page.Items ?? []));
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey !== undefined);
      return items.sort((a, b) =>
        `${String(a.pk)}|${String(a.sk)}`.localeCompare(`${String(b.pk)}|${String(b.sk)}`),
      );
    },
    destroy() {
      documentClient.destroy();
      table.client.destroy();
    },
  };
}
