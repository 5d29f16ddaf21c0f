/**
 * End-to-end: real `ChatClient`s (and raw `ws` sockets and the CLI where the test needs
 * them) against the real services in `startLocalStack()`, with DynamoDB Local and its
 * stream. One stack for the file (handler modules load once per process); every test uses
 * its own rooms and closes its clients, waiting for their `$disconnect`, before the next.
 * The stream is polled every 50 ms to keep the file quick; `dropped-connections.test.ts`
 * runs on the 250 ms default.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import {
  ErrorCode,
  ItemType,
  MAX_FRAME_BYTES,
  memberKey,
  newMessageId,
  roomPartition,
  type ErrorEvent,
} from '@chat/domain';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  ConnectionState,
  type ChatMessage,
  FrameRejectedError,
  ServerError,
  type ConnectionEvent,
  type WebSocketFactory,
} from '../../src/index.js';
import { deleteConnection, sigV4Authorization, type Item } from '../helpers/aws-http.js';
import { E2eStack, type Participant } from '../helpers/e2e-stack.js';
import { startBin } from '../helpers/spawn.js';
import { sleep, waitFor } from '../helpers/wait.js';

let e2e: E2eStack;

beforeAll(async () => {
  e2e = await E2eStack.start({ pollIntervalMs: 50 });
});

afterEach(async () => {
  await e2e.closeAll();
});

afterAll(async () => {
  await e2e.stop();
});

/** A room id of its own for each test. */
function newRoom(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

/** The stored message of an `ack`, which every send, edit and delete reply carries. */
function stored(ack: { readonly message?: ChatMessage | undefined }): ChatMessage {
  if (ack.message === undefined) throw new Error('The ack carries no message.');
  return ack.message;
}

interface HistoryPage {
  readonly roomId: string;
  readonly messages: ChatMessage[];
  readonly nextBefore?: string;
}

/** `GET /rooms/{roomId}/messages` on the HTTP API. */
async function httpHistory(
  roomId: string,
  query: { limit?: number; before?: string } = {},
): Promise<HistoryPage> {
  const params = new URLSearchParams();
  if (query.limit !== undefined) params.set('limit', String(query.limit));
  if (query.before !== undefined) params.set('before', query.before);
  const response = await fetch(
    `${e2e.endpoints.http}/rooms/${roomId}/messages?${params.toString()}`,
  );
  expect(response.status).toBe(200);
  return (await response.json()) as HistoryPage;
}

/** `POST /rooms/{roomId}/messages`, the IAM-only route for server-side callers. */
async function postAsBot(
  roomId: string,
  body: { text: string; botName: string; clientMessageId?: string },
): Promise<{ status: number; message: ChatMessage; duplicate?: boolean }> {
  const response = await fetch(`${e2e.endpoints.http}/rooms/${roomId}/messages`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: sigV4Authorization('AKIAE2EBOT', 'execute-api'),
    },
    body: JSON.stringify(body),
  });
  const reply = (await response.json()) as { message: ChatMessage; duplicate?: boolean };
  return { status: response.status, ...reply };
}

/** The table's items in a stable order, for before/after comparisons. */
async function tableSnapshot(): Promise<Item[]> {
  const items = await e2e.table.scan();
  const key = (item: Item): string => `${String(item.pk)}\u0000${String(item.sk)}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Runs `work` for each item, at most `limit` at a time, and resolves with the results in order. */
async function inBatches<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += limit) {
    results.push(...(await Promise.all(items.slice(start, start + limit).map(work))));
  }
  return results;
}

describe('messages', () => {
  it('reach every member of the room in one order, and nobody outside it', async () => {
    // Prepare
    const room = newRoom('order');
    const other = newRoom('elsewhere');
    const alice = await e2e.joined('alice', room);
    const bob = await e2e.joined('bob', room);
    const carol = await e2e.joined('carol', room);
    const dave = await e2e.joined('dave', other);
    const lurker = await e2e.connect('lurker');
    // Every member of `room` is in `other` too, so a message there is a marker on each socket.
    for (const member of [alice, bob, carol]) await member.client.join(other);

    // Act: alice and bob each send ten, one after the other, both at the same time.
    const sendTen = async (sender: Participant): Promise<string[]> => {
      const ids: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        ids.push(stored(await sender.client.send(room, `${sender.name} ${i}`)).id);
      }
      return ids;
    };
    const [aliceIds, bobIds] = await Promise.all([sendTen(alice), sendTen(bob)]);
    const sent = [...aliceIds, ...bobIds];
    await Promise.all([alice, bob, carol].map((member) => member.waitForMessages(room, sent)));
    // Written after every message of `room` was delivered, so it is read from the stream
    // after them: once a socket has it, anything posted for `room` to that socket came first.
    const marker = stored(await dave.client.send(other, 'marker'));
    await Promise.all(
      [alice, bob, carol, dave].map((member) => member.waitForMessages(other, [marker.id])),
    );

    // Assess
    const order = alice.created(room).map((message) => message.id);
    expect(order).toHaveLength(20);
    expect(new Set(order)).toEqual(new Set(sent));
    expect(bob.created(room).map((message) => message.id)).toEqual(order);
    expect(carol.created(room).map((message) => message.id)).toEqual(order);
    expect(order.filter((id) => aliceIds.includes(id))).toEqual(aliceIds);
    expect(order.filter((id) => bobIds.includes(id))).toEqual(bobIds);
    expect(carol.created(room).map((message) => [message.authorName, message.text])).toEqual(
      alice.created(room).map((message) => [message.authorName, message.text]),
    );
    expect(dave.created(room)).toEqual([]);
    expect(dave.created(other).map((message) => message.id)).toEqual([marker.id]);
    expect(lurker.events).toEqual([]);
  }, 60_000);

  it('page through 250 messages newest first without gaps or repeats, over WebSocket and HTTP', async () => {
    // Prepare
    const room = newRoom('history');
    const senders: Participant[] = [];
    for (const name of ['s1', 's2', 's3']) {
      senders.push(await e2e.joined(name, room, { requestTimeoutMs: 60_000 }));
    }
    const reader = await e2e.joined('reader', room);

    // Act: 150 sends over WebSocket, 50 in flight per client, and 100 bot posts over HTTP,
    // 25 at a time, all at once.
    const overWebSocket = Promise.all(
      senders.flatMap((sender) =>
        Array.from({ length: 50 }, (_, i) => sender.client.send(room, `${sender.name} #${i}`)),
      ),
    );
    const overHttp = inBatches(
      Array.from({ length: 100 }, (_, i) => i),
      25,
      (i) => postAsBot(room, { text: `bot #${i}`, botName: 'history-bot' }),
    );
    const [acks, posts] = await Promise.all([overWebSocket, overHttp]);
    const newestFirst = [
      ...acks.map((ack) => stored(ack).id),
      ...posts.map((post) => post.message.id),
    ]
      .sort()
      .reverse();
    // Every message also reaches the reader live, so the stream is drained before the next test.
    await reader.waitForMessages(room, newestFirst, 45_000);
    const wsPages = [];
    for await (const page of reader.client.historyPages(room, { pageSize: 100 })) {
      wsPages.push(page);
    }
    const smallPages = [];
    for await (const page of reader.client.historyPages(room, { pageSize: 40 })) {
      smallPages.push(page);
    }
    const httpPages: HistoryPage[] = [];
    let before: string | undefined;
    do {
      const page = await httpHistory(room, {
        limit: 100,
        ...(before === undefined ? {} : { before }),
      });
      httpPages.push(page);
      before = page.nextBefore;
    } while (before !== undefined);

    // Assess
    expect(posts.every((post) => post.status === 201)).toBe(true);
    expect(new Set(newestFirst).size).toBe(250);
    expect(wsPages.map((page) => page.messages.length)).toEqual([100, 100, 50]);
    expect(wsPages.flatMap((page) => page.messages.map((message) => message.id))).toEqual(
      newestFirst,
    );
    expect(wsPages.at(-1)?.nextBefore).toBeUndefined();
    expect(smallPages.map((page) => page.messages.length)).toEqual([40, 40, 40, 40, 40, 40, 10]);
    expect(smallPages.flatMap((page) => page.messages.map((message) => message.id))).toEqual(
      newestFirst,
    );
    expect(httpPages.flatMap((page) => page.messages)).toEqual(
      wsPages.flatMap((page) => page.messages),
    );
    const items = await e2e.table.partition(roomPartition(room));
    expect(items.filter((item) => item.type === ItemType.message)).toHaveLength(250);
  }, 60_000);

  it('edits and deletes reach every member and show in history', async () => {
    // Prepare
    const room = newRoom('edits');
    const alice = await e2e.joined('alice', room);
    const bob = await e2e.joined('bob', room);
    const carol = await e2e.joined('carol', newRoom('elsewhere'));
    const keep = stored(await alice.client.send(room, 'first draft'));
    const drop = stored(await alice.client.send(room, 'regrettable'));

    // Act
    const edited = stored(await alice.client.edit(room, keep.id, 'final words'));
    const tombstone = stored(await alice.client.delete(room, drop.id));
    const seen = await Promise.all(
      [alice, bob].map(async (member) => ({
        updated: await member.waitForEvent('message.updated', (e) => e.message.id === keep.id),
        deleted: await member.waitForEvent('message.deleted', (e) => e.message.id === drop.id),
      })),
    );
    const history = await bob.client.history(room);
    const overHttp = await httpHistory(room);

    // Assess
    expect(edited).toMatchObject({ id: keep.id, text: 'final words', deleted: false });
    expect(edited.editedAt).toEqual(expect.any(String));
    expect(tombstone).toMatchObject({
      id: drop.id,
      text: '',
      deleted: true,
      authorName: 'alice',
      createdAt: drop.createdAt,
    });
    for (const { updated, deleted } of seen) {
      expect(updated.message).toEqual(edited);
      expect(deleted.message).toEqual(tombstone);
    }
    expect(bob.messageEvents(room)).toEqual([
      ['message.created', keep.id],
      ['message.created', drop.id],
      ['message.updated', keep.id],
      ['message.deleted', drop.id],
    ]);
    expect(history.messages).toEqual([tombstone, edited]);
    expect(overHttp.messages).toEqual([tombstone, edited]);
    expect(carol.events.filter((event) => event.type.startsWith('message.'))).toEqual([]);
  });
});

describe('presence', () => {
  it('announces joins, renames, leaves and closed connections to the room', async () => {
    // Prepare
    const room = newRoom('presence');
    const alice = await e2e.joined('alice', room);

    // Act
    const bob = await e2e.connect('bob');
    const bobJoined = await bob.client.join(room, { name: 'bob' });
    await bob.client.rename('bobby');
    await bob.client.leave(room);
    const carol = await e2e.connect('carol');
    const carolJoined = await carol.client.join(room, { name: 'carol' });
    await carol.client.close();
    await alice.waitForEvent(
      'presence',
      (event) => event.change === 'left' && event.member.userId === carolJoined.you.userId,
    );
    await bob.waitForEvent('presence', (event) => event.change === 'renamed');
    const members = await fetch(`${e2e.endpoints.http}/rooms/${room}/members`);

    // Assess
    const bobId = bobJoined.you.userId;
    const carolId = carolJoined.you.userId;
    expect(
      alice
        .eventsOf('presence')
        .map((event) => [event.change, event.member.userId, event.member.name, event.reason]),
    ).toEqual([
      ['joined', alice.eventsOf('joined')[0]?.you.userId, 'alice', undefined],
      ['joined', bobId, 'bob', undefined],
      ['renamed', bobId, 'bobby', undefined],
      ['left', bobId, 'bobby', 'left'],
      ['joined', carolId, 'carol', undefined],
      ['left', carolId, 'carol', 'left'],
    ]);
    expect(bobJoined.members.map((member) => member.name).sort()).toEqual(['alice', 'bob']);
    // A leaving member is not told of its own departure; a joining one sees its own join.
    expect(bob.eventsOf('presence').map((event) => event.change)).toEqual(['joined', 'renamed']);
    expect(members.status).toBe(200);
    const body = (await members.json()) as { members: { name: string }[] };
    expect(body.members.map((member) => member.name)).toEqual(['alice']);
  });
});

describe('reconnecting', () => {
  it('rejoins after the socket is cut and ends with every message exactly once, in order', async () => {
    // Prepare: alice's "network" can be taken down, so she stays away while bob sends.
    const refused = await closedPort();
    const network = { up: true };
    const gated: WebSocketFactory = (url, protocols) =>
      new WebSocket(network.up ? url : `ws://127.0.0.1:${refused}/local`, protocols);
    const room = newRoom('reconnect');
    const alice = await e2e.joined('alice', room, {
      webSocket: gated,
      reconnect: { baseDelayMs: 50, maxDelayMs: 200 },
    });
    const bob = await e2e.joined('bob', room);
    const sent: string[] = [];
    const send = async (text: string): Promise<string> => {
      const id = stored(await bob.client.send(room, text)).id;
      sent.push(id);
      return id;
    };
    for (let i = 0; i < 5; i += 1) await send(`before ${i}`);
    await alice.waitForMessages(room, sent);

    // Act: cut alice's socket through the Management API while her network is down; bob's
    // next messages are fanned out (he receives them himself) while she has no connection.
    network.up = false;
    const status = await deleteConnection(e2e.endpoints.connections, alice.connectionId);
    await waitFor('alice to notice the drop', () =>
      alice.lifecycle.some((event) => event.type === 'disconnected'),
    );
    await waitFor(
      'a failed reconnect attempt',
      () => alice.lifecycle.filter((event) => event.type === 'reconnecting').length >= 2,
    );
    const missed: string[] = [];
    for (let i = 0; i < 5; i += 1) missed.push(await send(`while away ${i}`));
    await bob.waitForMessages(room, missed);
    // Bob keeps sending while alice comes back, rejoins and catches up, and after.
    const stopSending = new AbortController();
    const background = (async () => {
      for (let i = 0; !stopSending.signal.aborted; i += 1) {
        await send(`meanwhile ${i}`);
        await sleep(20);
      }
    })();
    network.up = true;
    const reconnected = await waitFor('alice to reconnect', () =>
      alice.lifecycle.find(
        (event): event is Extract<ConnectionEvent, { type: 'reconnected' }> =>
          event.type === 'reconnected',
      ),
    );
    const atReconnect = sent.length;
    await waitFor('bob to send five more', () => sent.length >= atReconnect + 5);
    stopSending.abort();
    await background;
    const last = await send('last');
    await alice.waitForMessages(room, sent);
    await alice.waitForMessages(room, [last]);

    // Assess
    expect(status).toBe(204);
    expect(alice.lifecycle[0]).toEqual({
      type: 'disconnected',
      code: 1000,
      reason: '',
      willReconnect: true,
    });
    expect(reconnected.attempt).toBeGreaterThan(1);
    expect(reconnected.joined.map((joined) => joined.roomId)).toEqual([room]);
    expect(reconnected.caughtUp).toBeGreaterThanOrEqual(missed.length);
    expect(alice.client.state).toBe(ConnectionState.open);
    // Every message exactly once, in the order bob sent them.
    expect(alice.created(room).map((message) => message.id)).toEqual(sent);
    expect(e2e.stack.connectionIds()).not.toContain(alice.connectionId);
    const members = await e2e.table.partition(roomPartition(room));
    expect(
      members.filter((item) => item.type === ItemType.member).map((item) => item.name),
    ).toEqual(expect.arrayContaining(['alice', 'bob']));
    expect(members.filter((item) => item.type === ItemType.member)).toHaveLength(2);
    const again = stored(await alice.client.send(room, 'back again'));
    await bob.waitForMessages(room, [again.id]);
  }, 60_000);
});

/** A TCP port nothing listens on, so a connection to it is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  if (address === null || typeof address === 'string') throw new Error('No port.');
  return address.port;
}

describe('idempotent sends', () => {
  it('stores and delivers a retried send with the same clientMessageId once', async () => {
    // Prepare: the watchers keep duplicates, so a second delivery would show.
    const room = newRoom('retry');
    const alice = await e2e.joined('alice', room);
    const bob = await e2e.joined('bob', room, { dedupe: false });
    const carol = await e2e.joined('carol', room, { dedupe: false });
    const clientMessageId = `retry-${randomUUID()}`;

    // Act: two sends racing with one id, a retry, and a retry from a fresh connection.
    const racing = await Promise.all([
      alice.client.send(room, 'exactly once', { clientMessageId }),
      alice.client.send(room, 'exactly once', { clientMessageId }),
    ]);
    const retry = await alice.client.send(room, 'exactly once', { clientMessageId });
    const aliceAgain = await e2e.joined('alice', room);
    const fromNewConnection = await aliceAgain.client.send(room, 'exactly once', {
      clientMessageId,
    });
    const bot = await postAsBot(room, { text: 'exactly once', botName: 'bot', clientMessageId });
    const after = stored(await alice.client.send(room, 'after the retries'));
    await Promise.all([bob, carol].map((member) => member.waitForMessages(room, [after.id])));

    // Assess
    const first = stored(racing.find((ack) => ack.duplicate === false) ?? {});
    expect(racing.map((ack) => ack.duplicate).sort()).toEqual([false, true]);
    for (const ack of [...racing, retry, fromNewConnection]) expect(ack.message).toEqual(first);
    expect([retry.duplicate, fromNewConnection.duplicate]).toEqual([true, true]);
    expect(bot).toMatchObject({ status: 200, duplicate: true, message: first });
    const items = await e2e.table.partition(roomPartition(room));
    expect(items.filter((item) => item.type === ItemType.message)).toHaveLength(2);
    expect(
      items.filter((item) => item.clientMessageId === clientMessageId).map((item) => item.type),
    ).toEqual(expect.arrayContaining([ItemType.clientMessageId, ItemType.message]));
    expect(items.filter((item) => item.clientMessageId === clientMessageId)).toHaveLength(2);
    for (const member of [bob, carol]) {
      expect(member.created(room).map((message) => message.id)).toEqual([first.id, after.id]);
    }
  });
});

describe('bad frames', () => {
  it('get error events with stable codes and change nothing', async () => {
    // Prepare
    const room = newRoom('bad');
    const alice = await e2e.joined('alice', room);
    const bob = await e2e.joined('bob', room);
    const bobs = stored(await bob.client.send(room, 'mine'));
    await alice.waitForMessages(room, [bobs.id]);
    const before = await tableSnapshot();
    const messagesBefore = alice.created(room).length;
    const frames = [
      'this is not JSON',
      JSON.stringify({ action: 'shout', roomId: room, requestId: 'unknown' }),
      JSON.stringify({
        action: 'sendMessage',
        roomId: 'no spaces!',
        text: 'hi',
        requestId: 'field',
      }),
      JSON.stringify({ action: 'sendMessage', roomId: room, text: '   ', requestId: 'empty' }),
      JSON.stringify({ action: 'sendMessage', roomId: room, text: 'hi', v: 2, requestId: 'v2' }),
      JSON.stringify({
        action: 'sendMessage',
        roomId: newRoom('x'),
        text: 'hi',
        requestId: 'member',
      }),
      JSON.stringify({
        action: 'editMessage',
        roomId: room,
        messageId: bobs.id,
        text: 'not yours',
        requestId: 'author',
      }),
      JSON.stringify({
        action: 'deleteMessage',
        roomId: room,
        messageId: newMessageId(),
        requestId: 'missing',
      }),
    ];

    // Act
    for (const frame of frames) alice.client.sendRaw(frame);
    const errors = await waitFor('an error for every bad frame', () => {
      const received = alice.eventsOf('error');
      return received.length >= frames.length && received;
    });
    const oversized = await oversizedFrameClose(room);
    const framesIn = e2e.stack.stats.websocket.messagesIn;
    const refused = await alice.client.send(room, 'x'.repeat(MAX_FRAME_BYTES)).then(
      () => undefined,
      (error: unknown) => error,
    );
    const notAuthor = await alice.client.edit(room, bobs.id, 'still not yours').then(
      () => undefined,
      (error: unknown) => error,
    );
    const after = await tableSnapshot();

    // Assess
    const byRequest = (requestId: string | undefined): ErrorEvent | undefined =>
      errors.find((event) => event.requestId === requestId);
    expect(errors).toHaveLength(frames.length);
    expect(byRequest(undefined)).toMatchObject({ code: ErrorCode.BAD_JSON });
    expect(byRequest('unknown')).toMatchObject({ code: ErrorCode.UNKNOWN_ACTION });
    expect(byRequest('field')).toMatchObject({
      code: ErrorCode.INVALID_FIELD,
      action: 'sendMessage',
    });
    expect(byRequest('field')?.details?.map((issue) => issue.path)).toEqual(['roomId']);
    expect(byRequest('empty')).toMatchObject({
      code: ErrorCode.INVALID_FIELD,
      details: [{ path: 'text', message: 'must not be empty' }],
    });
    expect(byRequest('v2')).toMatchObject({ code: ErrorCode.UNSUPPORTED_VERSION });
    expect(byRequest('member')).toMatchObject({ code: ErrorCode.NOT_A_MEMBER });
    expect(byRequest('author')).toMatchObject({ code: ErrorCode.NOT_AUTHOR });
    expect(byRequest('missing')).toMatchObject({ code: ErrorCode.MESSAGE_NOT_FOUND });
    expect(oversized).toEqual({ code: 1009, reachedHandler: false });
    expect(refused).toBeInstanceOf(FrameRejectedError);
    expect(refused).toMatchObject({ code: ErrorCode.FRAME_TOO_LARGE });
    expect(e2e.stack.stats.websocket.messagesIn).toBe(framesIn + 1);
    expect(notAuthor).toBeInstanceOf(ServerError);
    expect(notAuthor).toMatchObject({ code: ErrorCode.NOT_AUTHOR });
    expect(after).toEqual(before);
    // Nothing reached the room either: the next real message is the next one anyone sees.
    const next = stored(await alice.client.send(room, 'a good frame'));
    await bob.waitForMessages(room, [next.id]);
    expect(bob.created(room).map((message) => message.id)).toEqual([bobs.id, next.id]);
    expect(alice.created(room)).toHaveLength(messagesBefore + 1);
    expect(
      bob.events.filter((event) => event.type.startsWith('message.') || event.type === 'error'),
    ).toHaveLength(2);
  });
});

/**
 * Sends one frame just over 32 KB on a raw socket and resolves with its close code, and
 * whether any route handler ran for it. Waits for the socket's `$disconnect`, so the table
 * is as it was before the socket opened.
 */
async function oversizedFrameClose(
  roomId: string,
): Promise<{ code: number; reachedHandler: boolean }> {
  const before = new Set(e2e.stack.connectionIds());
  const socket = new WebSocket(e2e.endpoints.websocket);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const connectionId = e2e.stack.connectionIds().find((id) => !before.has(id));
  const invocations = e2e.stack.stats.byRoute.sendMessage?.invocations ?? 0;
  const closed = new Promise<number>((resolve) => socket.once('close', resolve));
  const frame = JSON.stringify({
    action: 'sendMessage',
    roomId,
    text: 'x'.repeat(MAX_FRAME_BYTES),
  });
  socket.send(frame);
  const code = await closed;
  await waitFor(
    `the $disconnect of ${String(connectionId)}`,
    async () => (await e2e.table.scan()).every((item) => item.connectionId !== connectionId),
    { intervalMs: 50 },
  );
  return {
    code,
    reachedHandler: (e2e.stack.stats.byRoute.sendMessage?.invocations ?? 0) !== invocations,
  };
}

describe('identity', () => {
  it('takes the sender name from the connection, never from the message body', async () => {
    // Prepare
    const room = newRoom('spoof');
    const alice = await e2e.joined('alice', room);
    const bob = await e2e.connect('bob');
    const bobJoined = await bob.client.join(room, { name: 'bob' });

    // Act
    alice.client.sendRaw(
      JSON.stringify({
        action: 'sendMessage',
        roomId: room,
        text: 'I am bob, honestly',
        name: 'bob',
        authorName: 'bob',
        authorId: bobJoined.you.userId,
        requestId: 'spoof',
      }),
    );
    const ack = await alice.waitForEvent('ack', (event) => event.requestId === 'spoof');
    const spoofed = stored(ack);
    await alice.client.rename('alicia');
    const renamed = stored(await alice.client.send(room, 'new name'));
    const delivered = await bob.waitForMessages(room, [spoofed.id, renamed.id]);
    const item = await e2e.table.get({ pk: roomPartition(room), sk: `MSG#${spoofed.id}` });

    // Assess
    const aliceId = alice.eventsOf('joined')[0]?.you.userId;
    expect(aliceId).toEqual(expect.stringMatching(/^anon-/u));
    expect(spoofed).toMatchObject({ authorName: 'alice', authorId: aliceId });
    expect(delivered.map((message) => [message.authorName, message.authorId])).toEqual([
      ['alice', aliceId],
      ['alicia', aliceId],
    ]);
    expect(item).toMatchObject({ authorName: 'alice', authorId: aliceId });
    expect(await e2e.table.get(memberKey(room, alice.connectionId))).toMatchObject({
      name: 'alicia',
    });
  });
});

interface JsonEvent {
  readonly type: string;
  readonly message?: ChatMessage;
  readonly member?: { readonly name: string };
}

/** The complete lines of `--json` output so far (a line still being written is left out). */
function jsonLines(stdout: string): JsonEvent[] {
  return stdout
    .split('\n')
    .slice(0, -1)
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JsonEvent);
}

describe('chat CLI', () => {
  it('two scripted processes exchange a message', async () => {
    // Prepare
    const room = newRoom('cli');
    const url = e2e.endpoints.websocket;
    const listener = startBin(
      'cli',
      ['--url', url, '--room', room, '--name', 'ears', '--json', '--listen', '60'],
      90_000,
    );
    const lines = (): JsonEvent[] => jsonLines(listener.stdout());
    await waitFor('the listener to join', () => lines().some((event) => event.type === 'joined'), {
      timeoutMs: 20_000,
    });

    // Act
    const sender = startBin(
      'cli',
      ['--url', url, '--room', room, '--name', 'mouth', '--json', '--send', 'psst'],
      30_000,
    );
    const sent = await sender.exited;
    const heard = await waitFor(
      'the listener to hear it',
      () => lines().find((event) => event.type === 'message.created'),
      { timeoutMs: 20_000 },
    );
    listener.kill('SIGTERM');
    const listened = await listener.exited;

    // Assess
    expect(sent.code).toBe(0);
    expect(sent.stderr).toBe('');
    const senderAck = jsonLines(sent.stdout).find((event) => event.type === 'ack');
    expect(heard.message).toMatchObject({ text: 'psst', authorName: 'mouth', roomId: room });
    expect(heard.message?.id).toBe(senderAck?.message?.id);
    expect(listened.code).toBe(0);
    expect(
      lines()
        .filter((event) => event.type === 'presence')
        .map((event) => event.member?.name),
    ).toEqual(expect.arrayContaining(['mouth']));
    expect((await httpHistory(room)).messages.map((message) => message.text)).toEqual(['psst']);
  }, 60_000);
});
