import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { createTestTable } from '@chat/dynamodb-local/testing';
import { afterEach, describe, expect, inject, it } from 'vitest';
import type { LambdaStreamEvent, LocalStack, LocalStackOptions } from '../../src/index.js';
import { streamFixtureApp } from '../fixtures/apps.js';
import { recorded } from '../fixtures/recorder.js';
import { startTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

const stacks: LocalStack[] = [];
const clients: DynamoDBClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy();
  for (const stack of stacks.splice(0)) await stack.stop();
});

interface Harness {
  readonly stack: LocalStack;
  /** Writes an item to the stack's table; returns after DynamoDB accepted it. */
  readonly put: (sk: string, attributes?: Record<string, string>) => Promise<void>;
  readonly client: DynamoDBClient;
  /** The batches the fixture handler received, oldest first. */
  readonly batches: () => LambdaStreamEvent[];
}

async function harness(
  trigger: Parameters<typeof streamFixtureApp>[0],
  options: LocalStackOptions = {},
): Promise<Harness> {
  const stack = await startTestStack({ apps: [streamFixtureApp(trigger)], ...options });
  stacks.push(stack);
  const client = new DynamoDBClient({
    endpoint: stack.endpoints.dynamodb,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  clients.push(client);
  return {
    stack,
    client,
    put: async (sk, attributes = {}) => {
      await client.send(
        new PutItemCommand({
          TableName: stack.tableName,
          Item: {
            pk: { S: 'ROOM#stream-test' },
            sk: { S: sk },
            ...Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { S: v }])),
          },
        }),
      );
    },
    batches: () => recorded<LambdaStreamEvent>(`stream:${stack.tableName}`),
  };
}

const sortKeys = (event: LambdaStreamEvent): string[] =>
  event.Records.map((record) => {
    const sk = record.dynamodb.Keys.sk;
    return sk !== undefined && 'S' in sk ? sk.S : '?';
  });

describe('records', () => {
  it("delivers records in Lambda's format", async () => {
    // Prepare
    const { stack, client, batches } = await harness({});
    const key = { pk: { S: 'ROOM#format' }, sk: { S: 'MSG#1' } };
    const before = Math.floor(Date.now() / 1000);

    // Act
    await client.send(
      new PutItemCommand({
        TableName: stack.tableName,
        Item: { ...key, text: { S: 'hi' }, n: { N: '42' }, bin: { B: new Uint8Array([1, 2, 3]) } },
      }),
    );
    await client.send(
      new UpdateItemCommand({
        TableName: stack.tableName,
        Key: key,
        UpdateExpression: 'SET #text = :text',
        ExpressionAttributeNames: { '#text': 'text' },
        ExpressionAttributeValues: { ':text': { S: 'edited' } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: stack.tableName, Key: key }));
    const records = await waitFor('three records', () => {
      const all = batches().flatMap((batch) => batch.Records);
      return all.length >= 3 ? all : undefined;
    });

    // Assess
    expect(records.map((record) => record.eventName)).toEqual(['INSERT', 'MODIFY', 'REMOVE']);
    const [insert, modify, remove] = records;
    expect(insert).toMatchObject({
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: stack.region,
      eventSourceARN: stack.streamArn,
      dynamodb: {
        Keys: key,
        NewImage: { ...key, text: { S: 'hi' }, n: { N: '42' }, bin: { B: 'AQID' } },
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    });
    expect(insert?.dynamodb).not.toHaveProperty('OldImage');
    expect(insert?.eventID).toEqual(expect.any(String));
    expect(insert?.dynamodb.SequenceNumber).toMatch(/^\d+$/);
    expect(insert?.dynamodb.SizeBytes).toBeGreaterThan(0);
    const created = insert?.dynamodb.ApproximateCreationDateTime ?? 0;
    expect(Number.isInteger(created)).toBe(true);
    // DynamoDB Local rounds the creation time down to the minute.
    expect(created).toBeGreaterThan(before - 61);
    expect(created).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect(modify?.dynamodb.OldImage?.text).toEqual({ S: 'hi' });
    expect(modify?.dynamodb.NewImage?.text).toEqual({ S: 'edited' });
    expect(remove?.dynamodb).not.toHaveProperty('NewImage');
    expect(remove?.dynamodb.OldImage?.text).toEqual({ S: 'edited' });
    expect(stack.stats.byRoute['table-stream']?.functionName).toBe('fixture-stream');
  });

  it('delivers a record written right after the stack is ready, within a second', async () => {
    // Prepare
    const { put, batches } = await harness({});

    // Act
    const writtenAt = Date.now();
    await put('MSG#first');
    await waitFor('the first record', () => batches().length > 0);

    // Assess
    expect(Date.now() - writtenAt).toBeLessThan(1000);
    expect(sortKeys(batches()[0]!)).toEqual(['MSG#first']);
  });

  it('reads records written before the start with TRIM_HORIZON', async () => {
    // Prepare
    const table = await createTestTable(inject('dynamodbEndpoint'), { prefix: 'local-stack-th' });
    clients.push(table.client);
    for (const sk of ['MSG#early-1', 'MSG#early-2']) {
      await table.client.send(
        new PutItemCommand({
          TableName: table.tableName,
          Item: { pk: { S: 'ROOM#th' }, sk: { S: sk } },
        }),
      );
    }

    // Act
    const { put, batches } = await harness(
      { startingPosition: 'TRIM_HORIZON' },
      { tableName: table.tableName },
    );
    await put('MSG#late');
    await waitFor('three records', () => batches().flatMap(sortKeys).length === 3);

    // Assess
    expect(batches().flatMap(sortKeys)).toEqual(['MSG#early-1', 'MSG#early-2', 'MSG#late']);
  });

  it('only delivers records that match a filter pattern, and counts the rest', async () => {
    // Prepare
    const { stack, put, batches } = await harness({
      filterPatterns: [
        { dynamodb: { Keys: { sk: { S: [{ prefix: 'MEMBER#' }] } } } },
        { eventName: ['INSERT'], dynamodb: { NewImage: { kind: { S: ['keep'] } } } },
      ],
    });

    // Act
    await put('CONN');
    await put('MEMBER#a');
    await put('CMID#x', { kind: 'drop' });
    await put('MSG#1', { kind: 'keep' });
    await put('MEMBER#b');
    await waitFor('three records', () =>
      batches().flatMap(sortKeys).length >= 3 ? true : undefined,
    );
    await waitFor('the filtered count', () => stack.stats.stream.filteredOut === 2);

    // Assess
    expect(batches().flatMap(sortKeys)).toEqual(['MEMBER#a', 'MSG#1', 'MEMBER#b']);
  });
});

describe('batching', () => {
  it('keeps the order of a shard and honours the batch size and batching window', async () => {
    // Prepare
    const { put, batches } = await harness({ batchSize: 3, maximumBatchingWindowSeconds: 2 });
    const keys = Array.from({ length: 7 }, (_, i) => `MSG#${String(i).padStart(2, '0')}`);

    // Act
    const startedAt = Date.now();
    for (const key of keys) await put(key);
    await waitFor('seven records', () => batches().flatMap(sortKeys).length === 7, 8000);

    // Assess
    expect(batches().map(sortKeys)).toEqual([keys.slice(0, 3), keys.slice(3, 6), keys.slice(6)]);
    // The last, partial batch waited for the window to pass.
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2000);
  });

  it('delivers every record once and in order across many batches', async () => {
    // Prepare
    const { stack, put, batches } = await harness({ batchSize: 4 });
    const keys = Array.from({ length: 25 }, (_, i) => `MSG#${String(i).padStart(2, '0')}`);

    // Act
    for (const key of keys) await put(key);
    await waitFor('25 records', () => batches().flatMap(sortKeys).length === 25, 8000);

    // Assess
    expect(batches().flatMap(sortKeys)).toEqual(keys);
    expect(batches().every((batch) => batch.Records.length <= 4)).toBe(true);
    expect(stack.stats.stream).toMatchObject({ records: 25, retries: 0 });
  });
});

describe('failures', () => {
  it('re-delivers from the lowest failed sequence number after reported item failures', async () => {
    // Prepare
    const { stack, put, batches } = await harness({
      batchSize: 10,
      maximumBatchingWindowSeconds: 2,
    });

    // Act
    await put('MSG#a');
    await put('MSG#b', { behaviour: 'fail-once' });
    await put('MSG#c');
    await put('MSG#d', { behaviour: 'fail-once' });
    await waitFor('the retry', () => (batches().length >= 2 ? true : undefined), 8000);

    // Assess
    expect(batches().map(sortKeys)).toEqual([
      ['MSG#a', 'MSG#b', 'MSG#c', 'MSG#d'],
      ['MSG#b', 'MSG#c', 'MSG#d'],
    ]);
    expect(stack.stats.stream.retries).toBe(1);
    expect(stack.stats.onFailure).toEqual([]);
  });

  it('bisects a failing batch, sends the poison record to the on-failure log and moves on', async () => {
    // Prepare
    const directory = await mkdtemp(join(tmpdir(), 'local-stack-'));
    const logPath = join(directory, 'on-failure.jsonl');
    const { stack, put, batches } = await harness(
      {
        batchSize: 10,
        maximumBatchingWindowSeconds: 2,
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: 1,
      },
      { onFailureLogPath: logPath },
    );

    // Act
    await put('MSG#a');
    await put('MSG#b');
    await put('MSG#poison', { behaviour: 'poison' });
    await put('MSG#c');
    await waitFor('the on-failure record', () => stack.stats.onFailure.length === 1, 8000);
    await put('MSG#after');
    await waitFor('the record after the poison', () =>
      batches().some((batch) => sortKeys(batch).includes('MSG#after')),
    );

    // Assess
    const [failure] = stack.stats.onFailure;
    const poison = batches()
      .flatMap((batch) => batch.Records)
      .find((record) => sortKeys({ Records: [record] })[0] === 'MSG#poison');
    expect(failure).toMatchObject({
      requestContext: {
        condition: 'RetryAttemptsExhausted',
        functionArn: `arn:aws:lambda:${stack.region}:123456789012:function:fixture-stream`,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      DDBStreamBatchInfo: {
        startSequenceNumber: poison?.dynamodb.SequenceNumber,
        endSequenceNumber: poison?.dynamodb.SequenceNumber,
        batchSize: 1,
        streamArn: stack.streamArn,
      },
    });
    expect(failure?.DDBStreamBatchInfo.shardId).toMatch(/^shardId-/);
    expect(failure?.requestContext.approximateInvokeCount).toBeGreaterThanOrEqual(2);
    const delivered = new Set(
      batches()
        .filter((batch) => !sortKeys(batch).includes('MSG#poison'))
        .flatMap(sortKeys),
    );
    expect(delivered).toEqual(new Set(['MSG#a', 'MSG#b', 'MSG#c', 'MSG#after']));
    expect(stack.stats.stream.bisections).toBeGreaterThanOrEqual(2);
    await stack.stop();
    const lines = (await readFile(logPath, 'utf8')).trim().split('\n');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(stack.stats.onFailure);
    await rm(directory, { recursive: true, force: true });
  });

  it('gives up the whole batch after the retries when bisection is off', async () => {
    // Prepare
    const { stack, put, batches } = await harness({
      batchSize: 10,
      maximumBatchingWindowSeconds: 2,
      maximumRetryAttempts: 1,
    });

    // Act
    await put('MSG#a');
    await put('MSG#poison', { behaviour: 'poison' });
    await waitFor('the on-failure record', () => stack.stats.onFailure.length === 1, 8000);

    // Assess
    expect(batches().map(sortKeys)).toEqual([
      ['MSG#a', 'MSG#poison'],
      ['MSG#a', 'MSG#poison'],
    ]);
    expect(stack.stats.onFailure[0]?.DDBStreamBatchInfo.batchSize).toBe(2);
    expect(stack.stats.onFailure[0]?.requestContext.approximateInvokeCount).toBe(2);
  });

  it('gives up on records older than the maximum record age', async () => {
    // Prepare
    const { stack, put } = await harness({
      maximumRetryAttempts: -1,
      maximumRecordAgeSeconds: 1,
    });

    // Act
    await put('MSG#poison', { behaviour: 'poison' });
    await waitFor('the on-failure record', () => stack.stats.onFailure.length === 1, 8000);

    // Assess
    expect(stack.stats.onFailure[0]?.requestContext.condition).toBe('RecordAgeExceeded');
    expect(stack.stats.stream.retries).toBeGreaterThan(2);
  });

  it('delivers every batch twice with the duplicate fault, with the same event ids', async () => {
    // Prepare
    const { stack, put, batches } = await harness({}, { faults: { duplicateBatchShare: 1 } });

    // Act
    await put(`MSG#${randomUUID()}`);
    await waitFor('two deliveries', () => (batches().length >= 2 ? true : undefined));

    // Assess
    const [first, second] = batches();
    expect(second).toEqual(first);
    expect(stack.stats.faults.duplicatedBatches).toBe(1);
    expect(stack.stats.byFunction['fixture-stream']?.invocations).toBe(2);
  });
});
