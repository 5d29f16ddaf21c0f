import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { BY_CONNECTION_INDEX, chatTable } from '@chat/domain';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createChatTable, localClientConfig } from '../../src/index.js';
import { createTestTable, uniqueTableName } from '../../src/testing.js';

describe('createChatTable', () => {
  const client = new DynamoDBClient(localClientConfig(inject('dynamodbEndpoint')));

  afterAll(() => {
    client.destroy();
  });

  it("creates the table from the domain's definition: keys, index, on-demand, stream and TTL", async () => {
    const tableName = uniqueTableName('create');

    const streamArn = await createChatTable(client, tableName);

    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(table?.TableStatus).toBe('ACTIVE');
    expect(table?.KeySchema).toEqual([
      { AttributeName: chatTable.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: chatTable.sortKey.name, KeyType: 'RANGE' },
    ]);
    expect(table?.GlobalSecondaryIndexes).toEqual([
      expect.objectContaining({
        IndexName: BY_CONNECTION_INDEX,
        KeySchema: [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'KEYS_ONLY' },
        IndexStatus: 'ACTIVE',
      }),
    ]);
    expect(table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table?.StreamSpecification).toEqual({
      StreamEnabled: true,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    });
    expect(streamArn).toBe(table?.LatestStreamArn);
    expect(ttl.TimeToLiveDescription).toEqual({
      TimeToLiveStatus: 'ENABLED',
      AttributeName: chatTable.timeToLiveAttribute,
    });
  });

  it('accepts an existing table and returns the same stream ARN', async () => {
    const tableName = uniqueTableName('twice');
    const first = await createChatTable(client, tableName);

    const second = await createChatTable(client, tableName);

    expect(second).toBe(first);
  });

  it('turns the stream on for an existing table that has none', async () => {
    const tableName = uniqueTableName('no-stream');
    await createChatTable(client, tableName);
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: false },
      }),
    );

    const streamArn = await createChatTable(client, tableName);

    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    expect(table?.StreamSpecification?.StreamEnabled).toBe(true);
    expect(streamArn).toBe(table?.LatestStreamArn);
  });
});

describe('createTestTable', () => {
  it('gives every caller its own table on the shared DynamoDB Local', async () => {
    const endpoint = inject('dynamodbEndpoint');

    const [first, second] = await Promise.all([
      createTestTable(endpoint),
      createTestTable(endpoint),
    ]);

    try {
      expect(first.tableName).not.toBe(second.tableName);
      expect(first.streamArn).toContain(first.tableName);
      const { Table: table } = await first.client.send(
        new DescribeTableCommand({ TableName: first.tableName }),
      );
      expect(table?.TableStatus).toBe('ACTIVE');
    } finally {
      first.client.destroy();
      second.client.destroy();
    }
  });
});
