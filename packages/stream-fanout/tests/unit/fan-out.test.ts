import {
  toMemberItem,
  toMessageItem,
  toTombstone,
  type Connection,
  type RoomMember,
} from '@chat/domain';
import { InMemoryConnectionStore } from '@chat/store/memory';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { FanOut } from '../../src/fan-out.js';
import { aMember, aMessage } from '../helpers/entities.js';
import { InMemoryNotifier } from '../helpers/in-memory-notifier.js';
import { RecordingLogger } from '../helpers/recording-logger.js';
import { image, RecordFactory, sequenceNumbers } from '../helpers/stream-records.js';

function connectionOf(member: RoomMember): Connection {
  return {
    connectionId: member.connectionId,
    userId: member.userId,
    name: member.name,
    connectedAt: member.joinedAt,
    sourceIp: '203.0.113.7',
    userAgent: 'test',
    expiresAt: member.expiresAt,
  };
}

/** A store, notifier and fan-out with `members` connected and joined. */
async function setUp(
  members: RoomMember[],
  options: { concurrency?: number; delayMs?: number; presenceRoomLimit?: number } = {},
) {
  const store = new InMemoryConnectionStore();
  for (const member of members) {
    await store.putConnection(connectionOf(member));
    await store.addMember(member);
  }
  let listMembersCalls = 0;
  const connections = {
    listMembers: (roomId: string) => {
      listMembersCalls += 1;
      return store.listMembers(roomId);
    },
    deleteConnection: (connectionId: string) => store.deleteConnection(connectionId),
  };
  const notifier = new InMemoryNotifier(options.delayMs ?? 0);
  const logger = new RecordingLogger();
  const fanOut = new FanOut({
    connections,
    notifier,
    logger,
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
    ...(options.presenceRoomLimit === undefined
      ? {}
      : { presenceRoomLimit: options.presenceRoomLimit }),
  });
  return { store, notifier, logger, fanOut, listMembersCalls: () => listMembersCalls };
}

const types = (events: Record<string, unknown>[]): unknown[] =>
  events.map((event) =>
    event.type === 'presence'
      ? `presence:${String(event.change)}`
      : (event.message as { text: string }).text,
  );

describe('fanOutBatch', () => {
  it('posts message.created to every member of the room, the author included, and to no one else', async () => {
    const lobby = ['a', 'b', 'c'].map((id) => aMember('lobby', id));
    const other = aMember('other', 'd');
    const { fanOut, notifier } = await setUp([...lobby, other]);
    const message = aMessage('lobby', { authorId: 'user-a', authorName: 'Name a' });
    const records = new RecordFactory();

    const result = await fanOut.fanOutBatch([records.insert(toMessageItem(message))]);

    expect(result.failedSequenceNumbers).toEqual([]);
    expect(result.delivered).toBe(3);
    expect(notifier.delivered.map((post) => post.connectionId).sort()).toEqual(['a', 'b', 'c']);
    for (const id of ['a', 'b', 'c']) {
      expect(notifier.eventsFor(id)).toEqual([{ type: 'message.created', message }]);
    }
    expect(notifier.eventsFor('d')).toEqual([]);
  });

  it('broadcasts presence in a room at the presence limit and not in a larger one, but always messages', async () => {
    const small = ['a', 'b', 'c'].map((id) => aMember('small', id));
    const large = ['d', 'e', 'f', 'g'].map((id) => aMember('large', id));
    const { fanOut, notifier } = await setUp([...small, ...large], { presenceRoomLimit: 3 });
    const records = new RecordFactory();
    const batch = [
      records.insert(toMemberItem(aMember('small', 'a'))),
      records.insert(toMemberItem(aMember('large', 'd'))),
      records.insert(toMessageItem(aMessage('large', { text: 'to the large room' }))),
    ];

    const result = await fanOut.fanOutBatch(batch);

    expect(result.failedSequenceNumbers).toEqual([]);
    expect(result.presenceNotBroadcast).toBe(1);
    for (const id of ['a', 'b', 'c'])
      expect(types(notifier.eventsFor(id))).toEqual(['presence:joined']);
    for (const id of ['d', 'e', 'f', 'g']) {
      expect(types(notifier.eventsFor(id))).toEqual(['to the large room']);
    }
  });

  it('queries each room’s members once per batch however many records it has', async () => {
    const { fanOut, notifier, listMembersCalls } = await setUp([
      aMember('r1', 'a'),
      aMember('r2', 'b'),
    ]);
    const records = new RecordFactory();
    const batch = [1, 2, 3, 4, 5].flatMap((n) => [
      records.insert(toMessageItem(aMessage('r1', { text: `r1-${n}` }))),
      records.insert(toMessageItem(aMessage('r2', { text: `r2-${n}` }))),
    ]);

    await fanOut.fanOutBatch(batch);

    expect(listMembersCalls()).toBe(2);
    expect(notifier.delivered).toHaveLength(10);
  });

  it('sends each member the events of the time they were in the room when membership changes within the batch', async () => {
    const stays = aMember('lobby', 'stays');
    const leaves = aMember('lobby', 'leaves');
    const joins = aMember('lobby', 'joins');
    // The table as the fan-out reads it: after the whole batch (joins in, leaves out).
    const { fanOut, notifier } = await setUp([stays, joins]);
    const records = new RecordFactory();

    const result = await fanOut.fanOutBatch([
      records.insert(toMessageItem(aMessage('lobby', { text: 'm1' }))),
      records.insert(toMemberItem(joins)),
      records.insert(toMessageItem(aMessage('lobby', { text: 'm2' }))),
      records.remove(toMemberItem(leaves)),
      records.insert(toMessageItem(aMessage('lobby', { text: 'm3' }))),
    ]);

    expect(result.failedSequenceNumbers).toEqual([]);
    expect(types(notifier.eventsFor('stays'))).toEqual([
      'm1',
      'presence:joined',
      'm2',
      'presence:left',
      'm3',
    ]);
    expect(types(notifier.eventsFor('joins'))).toEqual([
      'presence:joined',
      'm2',
      'presence:left',
      'm3',
    ]);
    expect(types(notifier.eventsFor('leaves'))).toEqual(['m1', 'presence:joined', 'm2']);
  });

  it('sends a rename to the members, the renamed one included, and a TTL expiry as left/expired', async () => {
    const ada = aMember('lobby', 'ada', { name: 'Ada' });
    const bob = aMember('lobby', 'bob', { name: 'Bob' });
    const { fanOut, notifier } = await setUp([ada]);
    const records = new RecordFactory();

    await fanOut.fanOutBatch([
      records.modify(toMemberItem(ada), toMemberItem({ ...ada, name: 'Ada L.' })),
      records.remove(toMemberItem(bob), { ttl: true }),
    ]);

    expect(notifier.eventsFor('ada')).toMatchObject([
      { change: 'renamed', member: { name: 'Ada L.' } },
      { change: 'left', reason: 'expired', member: { name: 'Bob' } },
    ]);
    // Bob was still a member at the rename; his own expiry goes to those who remain.
    expect(notifier.eventsFor('bob')).toMatchObject([{ change: 'renamed' }]);
  });

  it('deletes exactly the connection that answered 410 Gone and still delivers to the live ones', async () => {
    const author = aMember('lobby', 'author');
    const live = ['l1', 'l2', 'l3'].map((id) => aMember('lobby', id));
    const stale = aMember('lobby', 'stale');
    const staleElsewhere = aMember('other', 'stale');
    const { fanOut, notifier, store } = await setUp([author, ...live, stale, staleElsewhere]);
    notifier.gone.add('stale');
    const records = new RecordFactory();

    const result = await fanOut.fanOutBatch([
      records.insert(toMessageItem(aMessage('lobby', { authorId: author.userId, text: 'one' }))),
      records.insert(toMessageItem(aMessage('lobby', { authorId: author.userId, text: 'two' }))),
    ]);

    expect(result.failedSequenceNumbers).toEqual([]);
    expect(result.prunedConnectionIds).toEqual(['stale']);
    for (const id of ['author', 'l1', 'l2', 'l3']) {
      expect(types(notifier.eventsFor(id))).toEqual(['one', 'two']);
    }
    // Pruned after the first record: the second is not even attempted.
    expect(notifier.attempted.filter((post) => post.connectionId === 'stale')).toHaveLength(1);
    expect(await store.getConnection('stale')).toBeUndefined();
    expect(await store.listRoomsOf('stale')).toEqual([]);
    expect((await store.listMembers('lobby')).map((m) => m.connectionId)).toEqual([
      'author',
      'l1',
      'l2',
      'l3',
    ]);
    expect(await store.getConnection('author')).toBeDefined();
  });

  it('fails the failed record and the rest of its room, and lets other rooms succeed', async () => {
    const { fanOut, notifier } = await setUp([
      aMember('bad', 'ok-1'),
      aMember('bad', 'broken'),
      aMember('good', 'g-1'),
    ]);
    notifier.failIf = (connectionId, data) => connectionId === 'broken' && data.includes('"fails"');
    const records = new RecordFactory();
    const before = records.insert(toMessageItem(aMessage('bad', { text: 'before' })));
    const good1 = records.insert(toMessageItem(aMessage('good', { text: 'g1' })));
    const failing = records.insert(toMessageItem(aMessage('bad', { text: 'fails' })));
    const good2 = records.insert(toMessageItem(aMessage('good', { text: 'g2' })));
    const after1 = records.insert(toMessageItem(aMessage('bad', { text: 'after-1' })));
    const after2 = records.insert(toMemberItem(aMember('bad', 'late')));
    const batch = [before, good1, failing, good2, after1, after2];

    const result = await fanOut.fanOutBatch(batch);

    expect(result.failedSequenceNumbers).toEqual(sequenceNumbers([failing, after1, after2]));
    expect(types(notifier.eventsFor('g-1'))).toEqual(['g1', 'g2']);
    expect(types(notifier.eventsFor('broken'))).toEqual(['before']);
    // The failed record reached the other member (it will again on retry); the tail was
    // not attempted at all.
    expect(types(notifier.eventsFor('ok-1'))).toEqual(['before', 'fails']);
    expect(notifier.attempted.filter((post) => post.data.includes('after-1'))).toEqual([]);
  });

  it('keeps each room’s order with many rooms and overlapping posts', async () => {
    const rooms = ['r1', 'r2', 'r3', 'r4'];
    const members = rooms.flatMap((room) => [1, 2, 3].map((n) => aMember(room, `${room}-c${n}`)));
    const { fanOut, notifier } = await setUp(members, { concurrency: 4, delayMs: 3 });
    const records = new RecordFactory();
    const batch: DynamoDBRecord[] = [];
    for (let n = 0; n < 10; n += 1) {
      for (const room of rooms)
        batch.push(records.insert(toMessageItem(aMessage(room, { text: `${room}#${n}` }))));
    }

    const result = await fanOut.fanOutBatch(batch);

    expect(result.failedSequenceNumbers).toEqual([]);
    for (const member of members) {
      expect(types(notifier.eventsFor(member.connectionId))).toEqual(
        Array.from({ length: 10 }, (_, n) => `${member.roomId}#${n}`),
      );
    }
    expect(notifier.maxInFlight).toBeLessThanOrEqual(4);
    expect(notifier.maxInFlight).toBeGreaterThan(1);
  });

  it('handles a room’s records in sequence-number order even when they arrive out of order', async () => {
    const { fanOut, notifier } = await setUp([aMember('lobby', 'a')]);
    const records = new RecordFactory();
    const batch = [1, 2, 3].map((n) =>
      records.insert(toMessageItem(aMessage('lobby', { text: `m${n}` }))),
    );

    await fanOut.fanOutBatch(batch.toReversed());

    expect(types(notifier.eventsFor('a'))).toEqual(['m1', 'm2', 'm3']);
  });

  it('bounds the posts in flight to the configured concurrency', async () => {
    const members = Array.from({ length: 50 }, (_, i) => aMember('big', `c${i}`));
    const { fanOut, notifier } = await setUp(members, { concurrency: 5, delayMs: 2 });
    const records = new RecordFactory();

    await fanOut.fanOutBatch([records.insert(toMessageItem(aMessage('big')))]);

    expect(notifier.delivered).toHaveLength(50);
    expect(notifier.maxInFlight).toBe(5);
  });

  it('drops an event the gateway refuses as too large, logs it, and does not fail the record', async () => {
    const { fanOut, notifier, logger } = await setUp([
      aMember('lobby', 'a'),
      aMember('lobby', 'b'),
    ]);
    notifier.tooLarge.add('b');
    const records = new RecordFactory();
    const record = records.insert(toMessageItem(aMessage('lobby')));

    const result = await fanOut.fanOutBatch([record]);

    expect(result.failedSequenceNumbers).toEqual([]);
    expect(notifier.eventsFor('a')).toHaveLength(1);
    expect(logger.at('warn')).toMatchObject([
      { attributes: { connectionId: 'b', sequenceNumber: record.dynamodb?.SequenceNumber } },
    ]);
  });

  it('skips and logs an undecodable record without failing it or blocking its room', async () => {
    const { fanOut, notifier, logger } = await setUp([aMember('lobby', 'a')]);
    const records = new RecordFactory();
    const poison = records.raw(
      'INSERT',
      { pk: 'ROOM#lobby', sk: 'MSG#bad' },
      {
        NewImage: image({ pk: 'ROOM#lobby', sk: 'MSG#bad', type: 'message', text: 42 }),
      },
    );

    const result = await fanOut.fanOutBatch([
      poison,
      records.insert(toMessageItem(aMessage('lobby', { text: 'after' }))),
    ]);

    expect(result.failedSequenceNumbers).toEqual([]);
    expect(result.skipped).toBe(1);
    expect(types(notifier.eventsFor('a'))).toEqual(['after']);
    expect(logger.at('error')).toMatchObject([
      {
        message: 'Skipping a stream record that cannot be decoded',
        attributes: { eventId: poison.eventID, sequenceNumber: poison.dynamodb?.SequenceNumber },
      },
    ]);
  });

  it('fails a room whose members cannot be read, and only that room', async () => {
    const { notifier, store } = await setUp([aMember('ok', 'a')]);
    const fanOut = new FanOut({
      connections: {
        listMembers: (roomId) =>
          roomId === 'down'
            ? Promise.reject(new Error('ProvisionedThroughputExceeded'))
            : store.listMembers(roomId),
        deleteConnection: (id) => store.deleteConnection(id),
      },
      notifier,
      logger: new RecordingLogger(),
    });
    const records = new RecordFactory();
    const down = [1, 2].map(() => records.insert(toMessageItem(aMessage('down'))));
    const ok = records.insert(toMessageItem(aMessage('ok', { text: 'fine' })));

    const result = await fanOut.fanOutBatch([down[0]!, ok, down[1]!]);

    expect(result.failedSequenceNumbers).toEqual(sequenceNumbers(down));
    expect(types(notifier.eventsFor('a'))).toEqual(['fine']);
  });

  it('delivers a duplicated batch again with the same message ids and changes no membership', async () => {
    const members = [aMember('lobby', 'a'), aMember('lobby', 'b')];
    const { fanOut, notifier, store } = await setUp(members);
    const records = new RecordFactory();
    const message = aMessage('lobby');
    const batch = [
      records.insert(toMessageItem(message)),
      records.modify(
        toMessageItem(message),
        toMessageItem(toTombstone(message, '2025-01-15T12:10:00.000Z')),
      ),
    ];
    const membersBefore = await store.listMembers('lobby');

    await fanOut.fanOutBatch(batch);
    await fanOut.fanOutBatch(batch);

    const ids = notifier
      .eventsFor('a')
      .map((event) => `${String(event.type)}:${(event.message as { id: string }).id}`);
    expect(ids).toEqual([
      `message.created:${message.id}`,
      `message.deleted:${message.id}`,
      `message.created:${message.id}`,
      `message.deleted:${message.id}`,
    ]);
    expect(await store.listMembers('lobby')).toEqual(membersBefore);
  });
});
