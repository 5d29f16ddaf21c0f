import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChatClient,
  NotConnectedError,
  type ChatClientOptions,
  type ConnectionEvent,
} from '../../src/index.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.js';
import { sleep, waitUntil } from '../helpers/wait.js';

const fastReconnect = { baseDelayMs: 20, maxDelayMs: 80 } as const;

describe('ChatClient reconnect', () => {
  let server: FakeServer;
  const clients: ChatClient[] = [];
  const connect = async (options: ChatClientOptions = {}) => {
    const client = await ChatClient.connect(server.url, { reconnect: fastReconnect, ...options });
    clients.push(client);
    return client;
  };
  const connectionOf = (name: string) => {
    const connection = server.connections().find((candidate) => candidate.name === name);
    if (connection === undefined) throw new Error(`no connection named ${name}`);
    return connection;
  };
  const recordConnection = (client: ChatClient) => {
    const events: ConnectionEvent[] = [];
    client.on('connection', (event) => events.push(event));
    return events;
  };

  beforeEach(async () => {
    server = await startFakeServer();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server.close();
  });

  it('reconnects after a 1001 close, rejoins with its name and gets every message exactly once, in order', async () => {
    // Prepare
    const alice = await connect();
    const bob = await connect({ reconnect: false });
    await alice.join('lobby', { name: 'alice' });
    await alice.join('games');
    await bob.join('lobby', { name: 'bob' });
    const received: string[] = [];
    alice.on('message.created', ({ message }) => received.push(message.text));
    const lifecycle = recordConnection(alice);
    await bob.send('lobby', 'm1');
    await bob.send('lobby', 'm2');
    await waitUntil(() => received.length === 2, 'live messages');

    // Act
    server.refuseConnections = true;
    await server.drop(connectionOf('alice').id, 1001, 'Going away');
    for (const text of ['m3', 'm4', 'm5']) await bob.send('lobby', text);
    server.post('games', 'g1');
    await waitUntil(() => lifecycle.some((event) => event.type === 'reconnecting'));
    server.refuseConnections = false;
    await waitUntil(() => lifecycle.some((event) => event.type === 'reconnected'), 'reconnect');
    await bob.send('lobby', 'm6');
    await waitUntil(() => received.length >= 7, 'all messages');
    await alice.ping();

    // Assess
    expect(received.filter((text) => text.startsWith('m'))).toEqual([
      'm1',
      'm2',
      'm3',
      'm4',
      'm5',
      'm6',
    ]);
    expect(received).toContain('g1');
    expect(received).toHaveLength(7);
    expect(lifecycle[0]).toMatchObject({ type: 'disconnected', code: 1001, willReconnect: true });
    expect(lifecycle.find((event) => event.type === 'reconnected')).toMatchObject({ caughtUp: 4 });
    expect(connectionOf('alice').rooms).toEqual(new Set(['lobby', 'games']));
    expect(
      server
        .members('lobby')
        .map((member) => member.name)
        .sort(),
    ).toEqual(['alice', 'bob']);
    expect(alice.state).toBe('open');
  });

  it('delivers missed messages before live ones that arrive while it catches up', async () => {
    // Prepare
    const alice = await connect();
    const bob = await connect({ reconnect: false });
    await alice.join('lobby', { name: 'alice' });
    await bob.join('lobby', { name: 'bob' });
    const received: string[] = [];
    alice.on('message.created', ({ message }) => received.push(message.text));
    await bob.send('lobby', 'm1');
    await waitUntil(() => received.length === 1, 'first message');
    server.refuseConnections = true;
    await server.drop(connectionOf('alice').id);
    await bob.send('lobby', 'm2');
    await bob.send('lobby', 'm3');
    server.replyDelays.set('history', 150);

    // Act
    server.refuseConnections = false;
    await waitUntil(() => server.actions('history').length === 1, 'catch-up request');
    await bob.send('lobby', 'm4');
    await waitUntil(() => received.length >= 4, 'all messages');
    await sleep(20);

    // Assess
    expect(received).toEqual(['m1', 'm2', 'm3', 'm4']);
  });

  it('recovers from a socket cut without a close frame (code 1006)', async () => {
    // Prepare
    const alice = await connect();
    await alice.join('lobby', { name: 'alice' });
    const received: string[] = [];
    alice.on('message.created', ({ message }) => received.push(message.text));
    const lifecycle = recordConnection(alice);

    // Act
    server.terminateAll();
    await waitUntil(() => lifecycle.some((event) => event.type === 'reconnected'), 'reconnect');
    server.post('lobby', 'after');
    await waitUntil(() => received.length === 1, 'message after reconnect');

    // Assess
    expect(lifecycle[0]).toMatchObject({ type: 'disconnected', code: 1006 });
    expect(received).toEqual(['after']);
    expect(server.acceptedCount).toBe(2);
  });

  it('re-sends a send whose ack was lost with the same clientMessageId, storing it once', async () => {
    // Prepare
    const alice = await connect();
    await alice.join('lobby', { name: 'alice' });
    const received: string[] = [];
    alice.on('message.created', ({ message }) => received.push(message.text));
    server.cutBeforeReply.add('sendMessage');

    // Act
    const ack = await alice.send('lobby', 'once', { clientMessageId: 'cm-1' });
    await waitUntil(() => received.length >= 1, 'message event');
    await alice.ping();

    // Assess
    expect(ack.duplicate).toBe(true);
    expect(server.messages('lobby').map((message) => message.text)).toEqual(['once']);
    expect(
      server
        .actions('sendMessage')
        .map((action) => ('clientMessageId' in action ? action.clientMessageId : '')),
    ).toEqual(['cm-1', 'cm-1']);
    expect(received).toEqual(['once']);
  });

  it('queues sends made while disconnected and sends them after rejoining', async () => {
    // Prepare
    const alice = await connect();
    await alice.join('lobby', { name: 'alice' });
    const lifecycle = recordConnection(alice);
    server.refuseConnections = true;
    await server.drop(connectionOf('alice').id);
    await waitUntil(() => lifecycle.some((event) => event.type === 'reconnecting'));

    // Act
    const first = alice.send('lobby', 'queued 1');
    const second = alice.send('lobby', 'queued 2');
    const queuedWhileDown = alice.queuedRequests;
    await sleep(100);
    const storedWhileDown = server.messages('lobby').length;
    server.refuseConnections = false;
    const acks = await Promise.all([first, second]);

    // Assess
    expect(queuedWhileDown).toBe(2);
    expect(storedWhileDown).toBe(0);
    expect(acks.map((ack) => ack.message?.text)).toEqual(['queued 1', 'queued 2']);
    expect(server.messages('lobby').map((message) => message.authorName)).toEqual([
      'alice',
      'alice',
    ]);
  });

  it('rejects sends made while disconnected with NotConnectedError when told to', async () => {
    // Prepare
    const alice = await connect({ whileDisconnected: 'reject' });
    await alice.join('lobby');
    const lifecycle = recordConnection(alice);
    server.refuseConnections = true;
    await server.dropAll();
    await waitUntil(() => lifecycle.some((event) => event.type === 'reconnecting'));

    // Act
    const error: unknown = await alice.send('lobby', 'nope').catch((caught: unknown) => caught);
    server.refuseConnections = false;
    await waitUntil(() => lifecycle.some((event) => event.type === 'reconnected'), 'reconnect');

    // Assess
    expect(error).toBeInstanceOf(NotConnectedError);
    expect(error).toMatchObject({ code: 'NOT_CONNECTED' });
    expect(server.actions('sendMessage')).toEqual([]);
  });

  it('gives up after maxAttempts, closes and rejects what was queued', async () => {
    // Prepare
    const alice = await connect({ reconnect: { ...fastReconnect, maxAttempts: 2 } });
    await alice.join('lobby');
    const lifecycle = recordConnection(alice);
    server.refuseConnections = true;

    // Act
    await server.dropAll();
    const queued = alice.send('lobby', 'lost').catch((caught: unknown) => caught);
    await waitUntil(() => alice.state === 'closed', 'closed state');

    // Assess
    expect(await queued).toBeInstanceOf(NotConnectedError);
    expect(lifecycle.filter((event) => event.type === 'reconnecting')).toHaveLength(2);
    const last = lifecycle.at(-1);
    expect(last?.type).toBe('closed');
    expect(last?.type === 'closed' ? last.error : undefined).toBeInstanceOf(NotConnectedError);
  });

  it('stops reconnecting when closed by the caller', async () => {
    // Prepare
    const alice = await connect({ reconnect: { baseDelayMs: 50, maxDelayMs: 50 } });
    const lifecycle = recordConnection(alice);
    server.refuseConnections = true;
    await server.dropAll();
    await waitUntil(() => lifecycle.some((event) => event.type === 'reconnecting'));

    // Act
    await alice.close();
    const attempts = server.acceptedCount;
    server.refuseConnections = false;
    await sleep(200);

    // Assess
    expect(alice.state).toBe('closed');
    expect(server.acceptedCount).toBe(attempts);
    expect(server.connections()).toEqual([]);
  });
});

describe('ChatClient heartbeat', () => {
  let server: FakeServer;
  const clients: ChatClient[] = [];

  beforeEach(async () => {
    server = await startFakeServer();
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await server.close();
  });

  it('sends a ping every interval and keeps the pongs out of the events', async () => {
    // Prepare
    const client = await ChatClient.connect(server.url, { heartbeatIntervalMs: 40 });
    clients.push(client);
    const types: string[] = [];
    client.on('event', (event) => types.push(event.type));

    // Act
    const started = Date.now();
    await waitUntil(() => server.actions('ping').length >= 4, 'four pings');
    const elapsed = Date.now() - started;
    await client.ping();

    // Assess
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(types).toEqual(['pong']);
  });

  it('treats a ping without pong as a dead socket and reconnects', async () => {
    // Prepare
    const client = await ChatClient.connect(server.url, {
      heartbeatIntervalMs: 40,
      requestTimeoutMs: 100,
      reconnect: fastReconnect,
    });
    clients.push(client);
    await client.join('lobby');
    const lifecycle: ConnectionEvent[] = [];
    client.on('connection', (event) => lifecycle.push(event));
    server.silentActions.add('ping');

    // Act
    await waitUntil(() => lifecycle.some((event) => event.type === 'disconnected'), 'drop');
    server.silentActions.delete('ping');
    await waitUntil(() => lifecycle.some((event) => event.type === 'reconnected'), 'reconnect');

    // Assess
    expect(lifecycle[0]).toMatchObject({ type: 'disconnected', code: 4000 });
    expect(server.acceptedCount).toBe(2);
    expect(server.members('lobby')).toHaveLength(1);
  });
});
