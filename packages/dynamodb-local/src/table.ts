/**
 * Creates the chat table in DynamoDB Local (or any DynamoDB) from the domain's table
 * definition, so local runs use exactly the keys, index and stream production uses.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { chatTable, keyAttributes, type TableDefinition } from '@chat/domain';
import { setTimeout as sleep } from 'node:timers/promises';
import { TableSetupError } from './errors.js';

const ACTIVE_TIMEOUT_MS = 60_000;
const POLL_INTERVAL_MS = 100;

/**
 * Creates the table unless it exists, waits until it and its indexes are ACTIVE, makes sure
 * its stream is on and enables TTL on the definition's attribute. Safe to run again on an
 * existing table.
 *
 * @returns the ARN of the table's stream.
 * @throws {TableSetupError} when the table does not become ACTIVE or has no stream.
 */
export async function createChatTable(
  client: DynamoDBClient,
  tableName: string,
  definition: TableDefinition = chatTable,
): Promise<string> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName, definition)));
  } catch (error: unknown) {
    if (!isNamed(error, 'ResourceInUseException')) throw error;
  }
  let table = await waitUntilActive(client, tableName);
  if (table.StreamSpecification?.StreamEnabled !== true) {
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: definition.streamViewType },
      }),
    );
    table = await waitUntilActive(client, tableName);
  }
  await enableTimeToLive(client, tableName, definition.timeToLiveAttribute);
  if (table.LatestStreamArn === undefined) {
    throw new TableSetupError(`Table ${tableName} has no stream after setup.`);
  }
  return table.LatestStreamArn;
}

function createTableInput(
  tableName: string,
  definition: TableDefinition,
): ConstructorParameters<typeof CreateTableCommand>[0] {
  const keySchema = (partition: string, sort: string | undefined) => [
    { AttributeName: partition, KeyType: 'HASH' as const },
    ...(sort === undefined ? [] : [{ AttributeName: sort, KeyType: 'RANGE' as const }]),
  ];
  return {
    TableName: tableName,
    BillingMode: definition.billingMode,
    AttributeDefinitions: keyAttributes(definition).map((attribute) => ({
      AttributeName: attribute.name,
      AttributeType: attribute.type,
    })),
    KeySchema: keySchema(definition.partitionKey.name, definition.sortKey.name),
    ...(definition.globalSecondaryIndexes.length === 0
      ? {}
      : {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: keySchema(index.partitionKey.name, index.sortKey?.name),
            Projection: { ProjectionType: index.projection },
          })),
        }),
    StreamSpecification: { StreamEnabled: true, StreamViewType: definition.streamViewType },
  };
}

async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableDescription> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every(
      (index) => index.IndexStatus === 'ACTIVE',
    );
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return table;
    if (Date.now() > deadline) {
      throw new TableSetupError(
        `Table ${tableName} is not ACTIVE after ${ACTIVE_TIMEOUT_MS} ms (status ${table?.TableStatus ?? 'unknown'}).`,
      );
    }
    await sleep(POLL_INTERVAL_MS);
  }
}

async function enableTimeToLive(
  client: DynamoDBClient,
  tableName: string,
  attributeName: string,
): Promise<void> {
  const { TimeToLiveDescription: current } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  );
  const status = current?.TimeToLiveStatus;
  if ((status === 'ENABLED' || status === 'ENABLING') && current?.AttributeName === attributeName) {
    return;
  }
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { Enabled: true, AttributeName: attributeName },
    }),
  );
}

function isNamed(error: unknown, name: string): boolean {
  return error instanceof Error && error.name === name;
}
