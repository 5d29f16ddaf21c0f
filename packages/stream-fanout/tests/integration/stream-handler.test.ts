import {
  toMemberItem,
  toMessageItem,
  toTombstone,
  type Message,
  type RoomMember,
} from '@chat/domain';
import type {} from '@chat/dynamodb-local/testing';
import { createTestTable, type TestTable } from '@chat/dynamodb-local/testing';
import { DynamoConnectionStore, DynamoMessageStore } from '@chat/store/dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent, DynamoDBBatchResponse } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { aMember, aMessage } from '../helpers/entities.js';
import {
  GONE,
  INTERNAL,
  ManagementApiServer,
  OK,
  THROTTLED,
} from '../helpers/management-api-server.js';
import { RecordFactory, sequenceNumbers, streamEvent } from '../helpers/stream-records.js';
import { seedMembers, snapshotTable } from '../helpers/table.js';

let table: TestTable;
let server: ManagementApiServer;
let connections: DynamoConnectionStore;
let messages: DynamoMessageStore;
let handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

beforeAll(async () => {
  const endpoint = inject('dynamodbEndpoint');
  table = await createTestTable(endpoint, { prefix: 'fanout' });
  server = await ManagementApiServer.start();
  connections = new DynamoConnectionStore({
    tableName: table.tableName,
    clientConfig: table.clientConfig,
  });
  messages = new DynamoMessageStore({
    tableName: table.tableName,
    clientConfig: table.clientConfig,
  });
  // The handler's composition root reads these once, when the module loads.
  Object.assign(process.env, {
    TABLE_NAME: table.tableName,
    CONNECTIONS_ENDPOINT: server.endpoint,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    FANOUT_POST_CONCURRENCY: '16',
    // Generous: no test here relies on the timeout, and a loaded machine must not fail posts.
    FANOUT_POST_TIMEOUT_MS: '10000',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  ({ handler } = await import('../../src/handlers/stream.js'));
});

afterEach(() => {
  server.reset();
});

afterAll(async () => {
  await server.close();
  table.client.destroy();
});

/** Stores the message as the message service would, and returns its INSERT record. */
async function sent(records: RecordFactory, message: Message): Promise<DynamoDBRecord> {
  await messages.createMessage(message);
  return records.insert(toMessageItem(message));
}

const texts = (events: Record<string, unknown>[]): string[] =>
  events.map((event) =>
    event.type === 'presence'
      ? `${String(event.change)}:${(event.member as { name: string }).name}`
      : `${String(event.type)}:${(event.message as Message).text}`,
  );

describe('stream-fanout handler', () => {
  it('delivers to every live connection and removes exactly the stale one from the table', async () => {
    const live = ['live-1', 'live-2', 'live-3', 'live-4', 'live-5'].map((id) =>
      aMember('lobby', id),
    );
    const stale = aMember('lobby', 'stale=');
    const staleElsewhere = aMember('side', 'stale=');
    const bystander = aMember('side', 'bystander');
    await seedMembers(connections, [...live, stale, staleElsewhere, bystander]);
    const records = new RecordFactory();
    const author = live[0]!;
    const record = await sent(
      records,
      aMessage('lobby', { authorId: author.userId, authorName: author.name }),
    );
    const before = await snapshotTable(table.client, table.tableName);
    server.answer = (post) => (post.connectionId === 'stale=' ? GONE : OK);

    const response = await handler(streamEvent([record]));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(server.delivered.map((post) => post.connectionId).sort()).toEqual(
      live.map((member) => member.connectionId),
    );
    const after = await snapshotTable(table.client, table.tableName);
    const staleItems = before.filter((item) => JSON.stringify(item).includes('stale='));
    expect(staleItems.map((item) => `${String(item.pk)} ${String(item.sk)}`).sort()).toEqual([
      'CONN#stale= CONN',
      'ROOM#lobby MEMBER#stale=',
      'ROOM#side MEMBER#stale=',
    ]);
    expect(after).toEqual(before.filter((item) => !staleItems.includes(item)));
  });

  it('handles a duplicated batch without writing anything and delivers the same message ids again', async () => {
    const [ada, bob, cy] = ['dup-ada', 'dup-bob', 'dup-cy'].map((id) =>
      aMember('dup', id, { name: id }),
    );
    await seedMembers(connections, [ada!, bob!, cy!]);
    const records = new RecordFactory();
    const first = aMessage('dup', { text: 'first' });
    const second = aMessage('dup', { text: 'second' });
    const batch = [
      await sent(records, first),
      records.insert(toMemberItem(cy!)),
      await sent(records, second),
      records.modify(toMessageItem(first), toMessageItem({ ...first, text: 'first, edited' })),
      records.modify(
        toMessageItem(second),
        toMessageItem(toTombstone(second, '2025-01-15T13:00:00.000Z')),
      ),
    ];
    await messages.editMessage({
      roomId: 'dup',
      messageId: first.id,
      authorId: first.authorId,
      text: 'first, edited',
      editedAt: '2025-01-15T12:59:00.000Z',
    });
    await messages.deleteMessage({
      roomId: 'dup',
      messageId: second.id,
      authorId: second.authorId,
      deletedAt: '2025-01-15T13:00:00.000Z',
    });
    const before = await snapshotTable(table.client, table.tableName);

    const firstRun = await handler(streamEvent(batch));
    const afterFirst = await snapshotTable(table.client, table.tableName);
    const secondRun = await handler(streamEvent(batch));
    const afterSecond = await snapshotTable(table.client, table.tableName);

    expect(firstRun).toEqual({ batchItemFailures: [] });
    expect(secondRun).toEqual({ batchItemFailures: [] });
    expect(afterFirst).toEqual(before);
    expect(afterSecond).toEqual(before);
    const ids = (events: Record<string, unknown>[]): string[] =>
      events.flatMap((event) =>
        event.type === 'presence' ? [] : [`${String(event.type)} ${(event.message as Message).id}`],
      );
    const once = [
      `message.created ${first.id}`,
      `message.created ${second.id}`,
      `message.updated ${first.id}`,
      `message.deleted ${second.id}`,
    ];
    expect(ids(server.eventsFor('dup-ada'))).toEqual([...once, ...once]);
    expect(ids(server.eventsFor('dup-cy'))).toEqual([...once.slice(1), ...once.slice(1)]);
  });

  it('reports exactly the failed tail of a room by sequence number while other rooms succeed', async () => {
    const rooms = ['pa', 'pb', 'pc'];
    await seedMembers(
      connections,
      rooms.flatMap((room) => [aMember(room, `${room}-ok`), aMember(room, `${room}-x`)]),
    );
    const records = new RecordFactory();
    const byRoom = new Map<string, DynamoDBRecord[]>(rooms.map((room) => [room, []]));
    const batch: DynamoDBRecord[] = [];
    for (let n = 0; n < 4; n += 1) {
      for (const room of rooms) {
        const record = await sent(records, aMessage(room, { text: `${room}#${n}` }));
        byRoom.get(room)!.push(record);
        batch.push(record);
      }
    }
    // pb-x fails on pb#2 (a 500); pc-x is throttled twice, then recovers.
    server.answer = (post) => {
      if (post.connectionId === 'pb-x' && post.data.includes('pb#2')) return INTERNAL;
      if (post.connectionId === 'pc-x' && post.attempt <= 2) return THROTTLED;
      return OK;
    };

    const response = await handler(streamEvent(batch));

    const failedTail = byRoom.get('pb')!.slice(2);
    expect(response.batchItemFailures).toEqual(
      sequenceNumbers(failedTail).map((itemIdentifier) => ({ itemIdentifier })),
    );
    for (const id of ['pa-ok', 'pa-x', 'pc-ok', 'pc-x']) {
      const room = id.slice(0, 2);
      expect(texts(server.eventsFor(id))).toEqual(
        [0, 1, 2, 3].map((n) => `message.created:${room}#${n}`),
      );
    }
    expect(texts(server.eventsFor('pb-x'))).toEqual([
      'message.created:pb#0',
      'message.created:pb#1',
    ]);
    expect(server.posts.some((post) => post.data.includes('pb#3'))).toBe(false);

    // Lambda retries from the lowest failed sequence number: the rest of the shard again.
    server.reset();
    const lowest = batch.findIndex((record) => record === failedTail[0]);
    const retry = await handler(streamEvent(batch.slice(lowest)));

    expect(retry).toEqual({ batchItemFailures: [] });
    expect(texts(server.eventsFor('pb-x'))).toEqual([
      'message.created:pb#2',
      'message.created:pb#3',
    ]);
  });

  it('keeps each room’s order while rooms run concurrently and answers take varying time', async () => {
    const rooms = ['o1', 'o2', 'o3', 'o4', 'o5'];
    const members = rooms.flatMap((room) => [1, 2].map((n) => aMember(room, `${room}-m${n}`)));
    await seedMembers(connections, members);
    const records = new RecordFactory();
    const batch: DynamoDBRecord[] = [];
    for (let n = 0; n < 8; n += 1) {
      for (const room of rooms)
        batch.push(await sent(records, aMessage(room, { text: `${room}#${n}` })));
    }
    // The earliest messages are the slowest to answer: any reordering would show.
    server.answer = (post) => ({
      ...OK,
      delayMs: post.data.includes('#0') ? 60 : Math.random() * 5,
    });

    const response = await handler(streamEvent(batch));

    expect(response).toEqual({ batchItemFailures: [] });
    for (const member of members) {
      expect(texts(server.eventsFor(member.connectionId))).toEqual(
        Array.from({ length: 8 }, (_, n) => `message.created:${member.roomId}#${n}`),
      );
    }
  });

  it('fans out a batch of 500 records of 50 rooms: joins, messages, edits, deletes, TTL expiries', async () => {
    const rooms = Array.from({ length: 50 }, (_, i) => `big-${String(i).padStart(2, '0')}`);
    const records = new RecordFactory();
    const perRoom: DynamoDBRecord[][] = [];
    const seeded: RoomMember[] = [];
    // Only the members need to be in the table: the fan-out reads nothing else.
    const inserted = (message: Message): DynamoDBRecord => records.insert(toMessageItem(message));
    for (const room of rooms) {
      const members = [1, 2].map((n) => aMember(room, `${room}-m${n}`, { name: `m${n}` }));
      const joiner = aMember(room, `${room}-j`, { name: 'joiner' });
      const expired = aMember(room, `${room}-ttl`, { name: 'expired' });
      seeded.push(...members, joiner);
      const m = [1, 2, 3, 4, 5, 6].map((n) => aMessage(room, { text: `${room}:${n}` }));
      const own: DynamoDBRecord[] = [
        records.remove(toMemberItem(expired), { ttl: true }),
        inserted(m[0]!),
        inserted(m[1]!),
        records.insert(toMemberItem(joiner)),
        inserted(m[2]!),
        records.modify(toMessageItem(m[0]!), toMessageItem({ ...m[0]!, text: `${room}:1 edited` })),
        inserted(m[3]!),
        records.modify(
          toMessageItem(m[1]!),
          toMessageItem(toTombstone(m[1]!, '2025-01-15T13:00:00.000Z')),
        ),
        inserted(m[4]!),
        inserted(m[5]!),
      ];
      perRoom.push(own);
    }
    await seedMembers(connections, seeded);
    // Interleaved as a shard would carry them; sequence numbers were taken room by room, so
    // re-number in the interleaved order.
    const interleaved = perRoom[0]!.flatMap((_, i) => perRoom.map((own) => own[i]!));
    const numbered = interleaved.map((record, i) => ({
      ...record,
      dynamodb: {
        ...record.dynamodb,
        SequenceNumber: String(5_000_000_000_000_000_000n + BigInt(i)),
      },
    }));
    const response = await handler(streamEvent(numbered));

    expect(response).toEqual({ batchItemFailures: [] });
    expect(numbered).toHaveLength(500);
    const room = rooms[17]!;
    const original = [
      'left:expired',
      `message.created:${room}:1`,
      `message.created:${room}:2`,
      'joined:joiner',
      `message.created:${room}:3`,
      `message.updated:${room}:1 edited`,
      `message.created:${room}:4`,
      `message.deleted:`,
      `message.created:${room}:5`,
      `message.created:${room}:6`,
    ];
    for (const r of rooms) {
      const expected = original.map((text) => text.replaceAll(room, r));
      for (const n of [1, 2]) expect(texts(server.eventsFor(`${r}-m${n}`))).toEqual(expected);
      expect(texts(server.eventsFor(`${r}-j`))).toEqual(expected.slice(3));
      expect(server.eventsFor(`${r}-ttl`)).toEqual([]);
    }
    expect(server.delivered).toHaveLength(50 * (2 * 10 + 7));
  }, 90_000);
});
