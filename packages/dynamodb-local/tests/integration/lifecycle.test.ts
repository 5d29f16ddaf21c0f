import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/free-port.js';
import {
  createChatTable,
  DynamoDbLocalStartError,
  localClientConfig,
  startDynamoDbLocal,
  type DynamoDbLocal,
} from '../../src/index.js';
import { dynamoDbLocalJvmsOnPort, isAlive } from '../helpers/processes.js';

describe('startDynamoDbLocal', () => {
  const started: DynamoDbLocal[] = [];
  const clients: DynamoDBClient[] = [];
  const folders: string[] = [];

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await Promise.all(started.splice(0).map((instance) => instance.stop()));
    await Promise.all(
      folders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })),
    );
  });

  async function start(options: Parameters<typeof startDynamoDbLocal>[0] = {}) {
    const instance = await startDynamoDbLocal(options);
    started.push(instance);
    const client = new DynamoDBClient(localClientConfig(instance.endpoint));
    clients.push(client);
    return { instance, client };
  }

  it('answers on a free port and leaves no JVM behind after stop, even when stopped twice', async () => {
    const { instance, client } = await start();

    const tables = await client.send(new ListTablesCommand({}));
    await instance.stop();
    await instance.stop();

    expect(instance.endpoint).toBe(`http://127.0.0.1:${instance.port}`);
    expect(tables.TableNames).toEqual([]);
    expect(isAlive(instance.pid)).toBe(false);
    expect(dynamoDbLocalJvmsOnPort(instance.port)).toEqual([]);
  });

  it('keeps the database in dbPath across a restart on a given port', async () => {
    const dbPath = await mkdtemp(join(tmpdir(), 'ddb-local-'));
    folders.push(dbPath);
    const item = { pk: { S: 'ROOM#kept' }, sk: { S: 'MSG#1' }, text: { S: 'still here' } };
    const first = await start({ dbPath });
    await createChatTable(first.client, 'persisted');
    await first.client.send(new PutItemCommand({ TableName: 'persisted', Item: item }));
    await first.instance.stop();
    const port = await findFreePort('127.0.0.1');

    const second = await start({ dbPath, port });
    const read = await second.client.send(
      new GetItemCommand({ TableName: 'persisted', Key: { pk: item.pk, sk: item.sk } }),
    );

    expect(second.instance.port).toBe(port);
    expect(read.Item).toEqual(item);
  });
});

describe('startDynamoDbLocal on a port another server holds', () => {
  it('fails instead of taking the other server for its own, and leaves no JVM', async () => {
    // On every interface, as another DynamoDB Local would be; answers like ListTables.
    const impostor = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify({ TableNames: [] }));
    });
    await new Promise<void>((resolve) => impostor.listen(0, resolve));
    const { port } = impostor.address() as AddressInfo;

    try {
      const failure = startDynamoDbLocal({ port });

      await expect(failure).rejects.toBeInstanceOf(DynamoDbLocalStartError);
      await expect(failure).rejects.toThrow(new RegExp(`port ${port} is taken`));
      expect(dynamoDbLocalJvmsOnPort(port)).toEqual([]);
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });
});
