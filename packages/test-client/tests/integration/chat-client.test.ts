import { ErrorCode, MAX_FRAME_BYTES, type ServerEvent } from '@chat/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChatClient,
  ConnectError,
  FrameRejectedError,
  RequestTimeoutError,
  ServerError,
} from '../../src/index.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.js';
import { waitUntil } from '../helpers/wait.js';

describe('ChatClient requests', () => {
  let server: FakeServer;
  const clients: ChatClient[] = [];
  const connect = async (options: Parameters<typeof ChatClient.connect>[1] = {}) => {
    const client = await ChatClient.connect(server.url, { reconnect: false, ...options });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    server = await startFakeServer();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server.close();
  });

  it('resolves each of several concurrent requests with the reply carrying its requestId', async () => {
    // Prepare
    const client = await connect();
    await client.join('lobby', { name: 'alice' });
    for (let index = 0; index < 3; index += 1) server.post('lobby', `old ${index}`);

    // Act
    const [history, ack, pong, joined] = await Promise.all([
      client.history('lobby', { limit: 2 }),
      client.send('lobby', 'hello'),
      client.ping(),
      client.join('other'),
    ]);

    // Assess
    expect(history.type).toBe('history');
    expect(history.messages.map((message) => message.text)).toEqual(['old 2', 'old 1']);
    expect(ack).toMatchObject({ type: 'ack', action: 'sendMessage' });
    expect(ack.message?.text).toBe('hello');
    expect(ack.message?.authorName).toBe('alice');
    expect(pong.type).toBe('pong');
    expect(joined).toMatchObject({ type: 'joined', roomId: 'other' });
    const requestIds = server
      .connections()[0]!
      .frames.map((frame) => (JSON.parse(frame) as { requestId: string }).requestId);
    expect(new Set(requestIds).size).toBe(requestIds.length);
  });

  it('generates a clientMessageId per send and keeps one given by the caller', async () => {
    // Prepare
    const client = await connect();
    await client.join('lobby');

    // Act
    const generated = await client.send('lobby', 'one');
    const first = await client.send('lobby', 'two', { clientMessageId: 'retry-me' });
    const retried = await client.send('lobby', 'two', { clientMessageId: 'retry-me' });

    // Assess
    expect(generated.message?.clientMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(retried.duplicate).toBe(true);
    expect(retried.message?.id).toBe(first.message?.id);
    expect(server.messages('lobby').map((message) => message.text)).toEqual(['one', 'two']);
  });

  it('rejects with RequestTimeoutError naming the action when no reply comes in time', async () => {
    // Prepare
    const client = await connect({ requestTimeoutMs: 150 });
    await client.join('lobby');
    server.silentActions.add('history');

    // Act
    const started = Date.now();
    const error: unknown = await client.history('lobby').catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect(error).toMatchObject({ code: 'REQUEST_TIMEOUT', action: 'history', timeoutMs: 150 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await client.ping()).type).toBe('pong');
  });

  it('rejects with ServerError carrying the code when the server answers with error', async () => {
    // Prepare
    const alice = await connect();
    const bob = await connect();
    await alice.join('lobby');
    await bob.join('lobby');
    const { message } = await alice.send('lobby', 'mine');

    // Act
    const notMember = await alice.send('elsewhere', 'hi').catch((caught: unknown) => caught);
    const notAuthor = await bob
      .edit('lobby', message!.id, 'hijacked')
      .catch((caught: unknown) => caught);

    // Assess
    expect(notMember).toBeInstanceOf(ServerError);
    expect(notMember).toMatchObject({ code: ErrorCode.NOT_A_MEMBER, action: 'sendMessage' });
    expect(notAuthor).toMatchObject({ code: ErrorCode.NOT_AUTHOR, action: 'editMessage' });
    expect(server.messages('lobby')[0]?.text).toBe('mine');
  });

  it('refuses a frame over 32 KB locally with FRAME_TOO_LARGE and sends nothing', async () => {
    // Prepare
    const client = await connect();
    await client.join('lobby');
    const framesBefore = server.frames.length;

    // Act
    const error: unknown = await client
      .send('lobby', 'x'.repeat(MAX_FRAME_BYTES))
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(FrameRejectedError);
    expect(error).toMatchObject({ code: ErrorCode.FRAME_TOO_LARGE, action: 'sendMessage' });
    await client.ping();
    expect(server.frames.slice(framesBefore).map((entry) => entry.frame)).toEqual([
      expect.stringContaining('"ping"'),
    ]);
    expect(server.messages('lobby')).toEqual([]);
  });

  it('refuses an invalid frame locally with INVALID_FIELD and the field that failed', async () => {
    // Prepare
    const client = await connect();
    const framesBefore = server.frames.length;

    // Act
    const error: unknown = await client.join('not a room id!').catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(FrameRejectedError);
    expect(error).toMatchObject({ code: ErrorCode.INVALID_FIELD });
    expect((error as FrameRejectedError).details.map((issue) => issue.path)).toEqual(['roomId']);
    expect(server.frames.length).toBe(framesBefore);
  });

  it('delivers broadcasts to typed listeners and to events() until unsubscribed or closed', async () => {
    // Prepare
    const alice = await connect();
    const bob = await connect();
    await alice.join('lobby', { name: 'alice' });
    const created: string[] = [];
    const unsubscribe = alice.on('message.created', ({ message }) => created.push(message.text));
    const presence: string[] = [];
    alice.on('presence', (event) => presence.push(`${event.change}:${event.member.name}`));
    const iterated: ServerEvent[] = [];
    const reading = (async () => {
      for await (const event of alice.events()) iterated.push(event);
    })();

    // Act
    await bob.join('lobby', { name: 'bob' });
    await bob.send('lobby', 'first');
    await waitUntil(() => created.length === 1, 'first message');
    unsubscribe();
    await bob.send('lobby', 'second');
    await waitUntil(() => iterated.filter((e) => e.type === 'message.created').length === 2);
    await alice.close();
    await reading;

    // Assess
    expect(created).toEqual(['first']);
    expect(presence).toEqual(['joined:bob']);
    expect(iterated.map((event) => event.type)).toEqual([
      'presence',
      'message.created',
      'message.created',
    ]);
  });

  it('emits edits and deletes, and drops a duplicated broadcast of the same event', async () => {
    // Prepare
    const alice = await connect();
    const bob = await connect();
    await alice.join('lobby');
    await bob.join('lobby');
    const seen: string[] = [];
    bob.on('event', (event) => {
      if (
        event.type.startsWith('message.') &&
        'message' in event &&
        typeof event.message === 'object'
      ) {
        seen.push(`${event.type}:${event.message.text}`);
      }
    });
    server.duplicateBroadcasts = true;

    // Act
    const { message } = await alice.send('lobby', 'draft');
    await alice.edit('lobby', message!.id, 'edit 1');
    await alice.edit('lobby', message!.id, 'edit 2');
    await alice.delete('lobby', message!.id);
    await waitUntil(() => seen.length >= 4, 'four events');
    await bob.ping();

    // Assess
    expect(seen).toEqual([
      'message.created:draft',
      'message.updated:edit 1',
      'message.updated:edit 2',
      'message.deleted:',
    ]);
  });

  it('pages through 250 messages newest first without gaps or repeats', async () => {
    // Prepare
    const client = await connect();
    await client.join('lobby');
    for (let index = 0; index < 250; index += 1) server.post('lobby', `m${index}`);

    // Act
    const texts: string[] = [];
    for await (const message of client.allHistory('lobby', { pageSize: 100 })) {
      texts.push(message.text);
    }
    const pages: number[] = [];
    for await (const page of client.historyPages('lobby', { pageSize: 40, maxPages: 3 })) {
      pages.push(page.messages.length);
    }

    // Assess
    expect(texts).toEqual(Array.from({ length: 250 }, (_, index) => `m${249 - index}`));
    expect(pages).toEqual([40, 40, 40]);
  });

  it('fails to connect with ConnectError when nothing listens or the handshake is refused', async () => {
    // Prepare
    server.refuseConnections = true;
    const closed = await startFakeServer();
    const deadUrl = closed.url;
    await closed.close();

    // Act
    const refused: unknown = await ChatClient.connect(server.url).catch(
      (caught: unknown) => caught,
    );
    const unreachable: unknown = await ChatClient.connect(deadUrl).catch((c: unknown) => c);

    // Assess
    expect(refused).toBeInstanceOf(ConnectError);
    expect(refused).toMatchObject({ code: 'CONNECT_FAILED' });
    expect(unreachable).toBeInstanceOf(ConnectError);
    expect((unreachable as ConnectError).message).toContain(deadUrl);
  });
});
