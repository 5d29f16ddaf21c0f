import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { connectionKey, memberKey } from '@chat/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../src/index.js';
import { startTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { TestSocket } from '../helpers/ws-client.js';

interface ServerEvent {
  type: string;
  requestId?: string;
  roomId?: string;
  message?: { text: string; roomId: string; authorName: string };
  messages?: { text: string }[];
  change?: string;
  member?: { name: string };
}

// The real services, as `pnpm start` runs them. One stack for the file: handler modules keep
// the environment of the first stack that loaded them (their composition roots read it once).
// `$disconnect` is always dropped, as API Gateway may do, so stale connections stay behind.
let stack: LocalStack;
let dynamodb: DynamoDBClient;

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'WARN';
  stack = await startTestStack({ pollIntervalMs: 100, faults: { dropDisconnectShare: 1 } });
  dynamodb = new DynamoDBClient({
    endpoint: stack.endpoints.dynamodb,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  dynamodb.destroy();
  await stack.stop();
});

/** Opens a client and joins a room; resolves with the client and its connection id. */
async function joined(
  roomId: string,
  name: string,
): Promise<{ client: TestSocket; connectionId: string }> {
  const before = new Set(stack.connectionIds());
  const client = await TestSocket.open(stack.endpoints.websocket);
  const connectionId = stack.connectionIds().find((id) => !before.has(id));
  const requestId = `join-${name}`;
  client.send(JSON.stringify({ action: 'join', roomId, name, requestId }));
  await eventOf(client, (event) => event.type === 'joined' && event.requestId === requestId);
  return { client, connectionId: connectionId ?? '' };
}

function parsed(client: TestSocket): ServerEvent[] {
  return client.messages.map((message) => JSON.parse(message) as ServerEvent);
}

function eventOf(
  client: TestSocket,
  matches: (event: ServerEvent) => boolean,
  timeoutMs = 10_000,
): Promise<ServerEvent> {
  return waitFor('a server event', () => parsed(client).find(matches), timeoutMs);
}

const created = (text: string) => (event: ServerEvent) =>
  event.type === 'message.created' && event.message?.text === text;

async function itemExists(key: { pk: string; sk: string }): Promise<boolean> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({
      TableName: stack.tableName,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}

describe('chat through the local stack', () => {
  it('delivers a message to every member of its room only, and serves it as history', async () => {
    // Prepare
    const roomA = `room-a-${randomUUID().slice(0, 8)}`;
    const roomB = `room-b-${randomUUID().slice(0, 8)}`;
    const { client: alice } = await joined(roomA, 'alice');
    const { client: bob } = await joined(roomA, 'bob');
    const { client: carol } = await joined(roomB, 'carol');

    // Act
    alice.send(
      JSON.stringify({
        action: 'sendMessage',
        roomId: roomA,
        text: 'hello room A',
        requestId: 's1',
      }),
    );
    const toAlice = await eventOf(alice, created('hello room A'));
    const toBob = await eventOf(bob, created('hello room A'));
    carol.send(
      JSON.stringify({
        action: 'sendMessage',
        roomId: roomB,
        text: 'hello room B',
        requestId: 's2',
      }),
    );
    await eventOf(carol, created('hello room B'));
    const history = await fetch(`${stack.endpoints.http}/rooms/${roomA}/messages`);

    // Assess
    expect(toAlice.message).toMatchObject({ roomId: roomA, authorName: 'alice' });
    expect(toBob.message).toMatchObject({ roomId: roomA, authorName: 'alice' });
    // The stream is read in order: room B's message arrived, so room A's was fanned out before.
    expect(parsed(carol).some(created('hello room A'))).toBe(false);
    expect(parsed(bob).some(created('hello room B'))).toBe(false);
    expect(history.status).toBe(200);
    const page = (await history.json()) as { messages: { text: string }[] };
    expect(page.messages.map((message) => message.text)).toEqual(['hello room A']);
    expect(stack.stats.byFunction['stream-fanout']?.invocations).toBeGreaterThan(0);
    for (const client of [alice, bob, carol]) await client.close(1000);
  });

  it('prunes a client that vanished without $disconnect when the next message finds it gone', async () => {
    // Prepare
    const room = `room-p-${randomUUID().slice(0, 8)}`;
    const { client: ghost, connectionId: ghostId } = await joined(room, 'ghost');
    const { client: sender } = await joined(room, 'sender');
    // Let the sender's join reach the ghost first: a presence post to an already vanished
    // ghost would prune it before the message this test is about.
    await eventOf(
      ghost,
      (event) =>
        event.type === 'presence' && event.change === 'joined' && event.member?.name === 'sender',
    );
    const dropped = stack.stats.faults.droppedDisconnects;
    ghost.socket.terminate();
    await waitFor('the dropped $disconnect', () => stack.stats.faults.droppedDisconnects > dropped);
    expect(await itemExists(connectionKey(ghostId))).toBe(true);
    expect(await itemExists(memberKey(room, ghostId))).toBe(true);

    // Act
    sender.send(
      JSON.stringify({
        action: 'sendMessage',
        roomId: room,
        text: 'anyone there?',
        requestId: 's3',
      }),
    );
    await eventOf(sender, created('anyone there?'));

    // Assess
    await waitFor(
      "the ghost's records to be pruned",
      async () =>
        !(await itemExists(connectionKey(ghostId))) &&
        !(await itemExists(memberKey(room, ghostId))),
      10_000,
    );
    expect(stack.stats.managementApi.gone).toBeGreaterThan(0);
    await sender.close(1000);
  });
});
