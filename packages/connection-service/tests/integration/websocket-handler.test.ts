import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  CONNECTION_TTL_SECONDS,
  connectionKey,
  ErrorCode,
  MAX_ROOMS_PER_CONNECTION,
  memberKey,
  roomPartition,
} from '@chat/domain';
import {
  actionEvent,
  connectEvent,
  disconnectEvent,
  messageEvent,
  newConnectionId,
  replyOf,
  setUpTable,
} from '@chat/service-kit/testing';

const fixture = await setUpTable(inject('dynamodbEndpoint'), 'connection-ws');
const { handler } = await import('../../src/handlers/websocket.js');

afterAll(() => {
  fixture.destroy();
});

async function connect(query?: Record<string, string>): Promise<string> {
  const connectionId = newConnectionId();
  const result = await handler(connectEvent(connectionId, query === undefined ? {} : { query }));
  expect(result).toEqual({ statusCode: 200 });
  return connectionId;
}

async function send(connectionId: string, frame: Record<string, unknown> & { action: string }) {
  return replyOf(await handler(actionEvent(connectionId, frame)));
}

const uniqueRoom = (() => {
  let n = 0;
  return (label = 'room') => `${label}-${String((n += 1))}-${String(Date.now())}`;
})();

describe('$connect', () => {
  it('records the connection with a server-side identity, source IP, user agent and TTL', async () => {
    const connectionId = newConnectionId();
    const before = Math.floor(Date.now() / 1000);

    const result = await handler(connectEvent(connectionId));

    expect(result).toEqual({ statusCode: 200 });
    const item = await fixture.getItem(connectionKey(connectionId).pk, 'CONN');
    expect(item).toMatchObject({
      type: 'connection',
      connectionId,
      sourceIp: '203.0.113.7',
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64) chat-tests/1.0',
    });
    expect(item?.userId).toMatch(/^anon-/);
    expect(item?.name).toMatch(/^guest-[0-9a-f]{4}$/);
    expect(item?.expiresAt).toBeGreaterThanOrEqual(before + CONNECTION_TTL_SECONDS);
    expect(item?.expiresAt).toBeLessThanOrEqual(before + CONNECTION_TTL_SECONDS + 5);
  });

  it('takes the user id from the authorizer principal', async () => {
    const connectionId = newConnectionId();

    await handler(connectEvent(connectionId, { principalId: 'user-42' }));

    expect(await fixture.getItem(connectionKey(connectionId).pk, 'CONN')).toMatchObject({
      userId: 'user-42',
    });
  });

  it('joins the room of the roomId query parameter under the name of the name parameter', async () => {
    const roomId = uniqueRoom('lobby');

    const connectionId = await connect({ name: '  Ada   Lovelace ', roomId });

    const key = memberKey(roomId, connectionId);
    expect(await fixture.getItem(key.pk, key.sk)).toMatchObject({
      type: 'member',
      roomId,
      name: 'Ada Lovelace',
    });
  });

  it.each([
    ['a name over 32 characters', { name: 'x'.repeat(33) }],
    ['a name with control characters', { name: 'Ada\u0007' }],
    ['an empty name', { name: '   ' }],
    ['a malformed roomId', { roomId: 'no spaces allowed' }],
  ])('rejects the handshake with 400 for %s and stores nothing', async (_label, query) => {
    const before = await fixture.allItems();

    const result = await handler(connectEvent(newConnectionId(), { query }));

    expect(result).toEqual({ statusCode: 400 });
    expect(await fixture.allItems()).toEqual(before);
  });
});

describe('join', () => {
  it('replies joined with the members, the caller included, and no connection ids', async () => {
    const roomId = uniqueRoom();
    const ada = await connect({ name: 'Ada', roomId });
    const bob = await connect({ name: 'Bob' });

    const reply = await send(bob, { action: 'join', roomId, requestId: 'r-1' });

    expect(reply).toMatchObject({ type: 'joined', roomId, requestId: 'r-1' });
    if (reply.type !== 'joined') throw new Error('expected joined');
    expect(reply.members.map((member) => member.name).sort()).toEqual(['Ada', 'Bob']);
    expect(reply.you.name).toBe('Bob');
    expect(JSON.stringify(reply)).not.toContain(ada);
    expect(JSON.stringify(reply)).not.toContain(bob);
  });

  it('is idempotent: a repeated join stores one membership', async () => {
    const roomId = uniqueRoom();
    const ada = await connect();
    await send(ada, { action: 'join', roomId });

    const reply = await send(ada, { action: 'join', roomId });

    expect(reply.type).toBe('joined');
    expect(await fixture.partition(roomPartition(roomId))).toHaveLength(1);
  });

  it('sets the display name first when the join carries one', async () => {
    const roomId = uniqueRoom();
    const ada = await connect({ name: 'Ada' });

    const reply = await send(ada, { action: 'join', roomId, name: 'Countess' });

    expect(reply).toMatchObject({ type: 'joined', you: { name: 'Countess' } });
    expect(await fixture.getItem(connectionKey(ada).pk, 'CONN')).toMatchObject({
      name: 'Countess',
    });
  });

  it('refuses a join beyond the room limit with TOO_MANY_ROOMS and stores nothing', async () => {
    const ada = await connect();
    const prefix = uniqueRoom('many');
    for (let i = 0; i < MAX_ROOMS_PER_CONNECTION; i += 1) {
      expect((await send(ada, { action: 'join', roomId: `${prefix}-${String(i)}` })).type).toBe(
        'joined',
      );
    }
    const before = await fixture.allItems();

    const reply = await send(ada, { action: 'join', roomId: `${prefix}-last`, requestId: 'r-9' });

    expect(reply).toMatchObject({
      type: 'error',
      code: ErrorCode.TOO_MANY_ROOMS,
      requestId: 'r-9',
    });
    expect(await fixture.allItems()).toEqual(before);
  });

  it.each([
    ['wrong JSON', ErrorCode.BAD_JSON, '{"action":"join",'],
    ['a missing roomId', ErrorCode.INVALID_FIELD, JSON.stringify({ action: 'join' })],
    [
      'a malformed roomId',
      ErrorCode.INVALID_FIELD,
      JSON.stringify({ action: 'join', roomId: '../x' }),
    ],
    [
      'an oversize name',
      ErrorCode.INVALID_FIELD,
      JSON.stringify({ action: 'join', roomId: 'lobby', name: 'n'.repeat(40) }),
    ],
    [
      'a 200 KB frame',
      ErrorCode.FRAME_TOO_LARGE,
      JSON.stringify({ action: 'join', roomId: 'lobby', name: 'n'.repeat(200 * 1024) }),
    ],
  ])('answers %s with error %s and stores nothing', async (_label, code, body) => {
    const ada = await connect();
    const before = await fixture.allItems();

    const reply = replyOf(await handler(messageEvent(ada, 'join', body)));

    expect(reply).toMatchObject({ type: 'error', code });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('tells a connection without a record that it is NOT_CONNECTED and stores nothing', async () => {
    const before = await fixture.allItems();

    const reply = await send(newConnectionId(), {
      action: 'join',
      roomId: 'lobby',
      requestId: 'q',
    });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_CONNECTED, requestId: 'q' });
    expect(await fixture.allItems()).toEqual(before);
  });
});

describe('leave', () => {
  it('replies left and deletes the membership', async () => {
    const roomId = uniqueRoom();
    const ada = await connect({ roomId });

    const reply = await send(ada, { action: 'leave', roomId, requestId: 'r-2' });

    expect(reply).toEqual({ type: 'left', roomId, requestId: 'r-2' });
    const key = memberKey(roomId, ada);
    expect(await fixture.getItem(key.pk, key.sk)).toBeUndefined();
  });

  it('refuses to leave a room not joined with NOT_A_MEMBER', async () => {
    const ada = await connect();
    const before = await fixture.allItems();

    const reply = await send(ada, { action: 'leave', roomId: uniqueRoom() });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_A_MEMBER });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('answers a missing roomId with INVALID_FIELD naming the field and changes nothing', async () => {
    const ada = await connect({ roomId: uniqueRoom() });
    const before = await fixture.allItems();

    const reply = await send(ada, { action: 'leave' });

    expect(reply).toMatchObject({
      type: 'error',
      code: ErrorCode.INVALID_FIELD,
      details: [{ path: 'roomId' }],
    });
    expect(await fixture.allItems()).toEqual(before);
  });
});

describe('rename', () => {
  it('acks the new name and renames the connection and its memberships', async () => {
    const [a, b] = [uniqueRoom(), uniqueRoom()];
    const ada = await connect({ name: 'Ada', roomId: a });
    await send(ada, { action: 'join', roomId: b });

    const reply = await send(ada, { action: 'rename', name: ' Countess ', requestId: 'r-3' });

    expect(reply).toEqual({ type: 'ack', action: 'rename', name: 'Countess', requestId: 'r-3' });
    for (const roomId of [a, b]) {
      const key = memberKey(roomId, ada);
      expect(await fixture.getItem(key.pk, key.sk)).toMatchObject({ name: 'Countess' });
    }
  });

  it.each([
    ['a missing name', {}],
    ['a name over 64 bytes', { name: '😀'.repeat(17) }],
    ['a name that is not a string', { name: 42 }],
  ])('answers %s with INVALID_FIELD and changes nothing', async (_label, fields) => {
    const ada = await connect({ name: 'Ada' });
    const before = await fixture.allItems();

    const reply = await send(ada, { action: 'rename', ...fields });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.INVALID_FIELD });
    expect(await fixture.allItems()).toEqual(before);
  });
});

describe('ping', () => {
  it('replies pong with the server time', async () => {
    const ada = await connect();

    const reply = await send(ada, { action: 'ping', requestId: 'hb' });

    expect(reply).toMatchObject({ type: 'pong', requestId: 'hb' });
    if (reply.type !== 'pong') throw new Error('expected pong');
    expect(Math.abs(Date.parse(reply.serverTime) - Date.now())).toBeLessThan(5_000);
  });

  it('answers a malformed requestId with INVALID_FIELD', async () => {
    const ada = await connect();

    const reply = await send(ada, { action: 'ping', requestId: 'spaces are not allowed' });

    expect(reply).toMatchObject({
      type: 'error',
      code: ErrorCode.INVALID_FIELD,
      details: [{ path: 'requestId' }],
    });
  });

  it('tells a connection whose record expired that it is NOT_CONNECTED', async () => {
    const reply = await send(newConnectionId(), { action: 'ping' });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_CONNECTED });
  });
});

describe('$default', () => {
  it('answers a frame that is not JSON with BAD_JSON', async () => {
    const ada = await connect();

    const reply = replyOf(await handler(messageEvent(ada, '$default', 'hello there')));

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.BAD_JSON });
  });

  it('answers an unknown action with UNKNOWN_ACTION and echoes the requestId', async () => {
    const ada = await connect();

    const reply = replyOf(
      await handler(messageEvent(ada, '$default', '{"action":"dance","requestId":"r-7"}')),
    );

    expect(reply).toMatchObject({
      type: 'error',
      code: ErrorCode.UNKNOWN_ACTION,
      requestId: 'r-7',
    });
  });

  it('answers a valid action whose route is not deployed with UNKNOWN_ACTION and stores nothing', async () => {
    const ada = await connect();
    const before = await fixture.allItems();
    const frame = { action: 'join', roomId: 'lobby', requestId: 'r-8' };

    const reply = replyOf(await handler(messageEvent(ada, '$default', JSON.stringify(frame))));

    expect(reply).toMatchObject({
      type: 'error',
      code: ErrorCode.UNKNOWN_ACTION,
      action: 'join',
      requestId: 'r-8',
    });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('answers a frame of an unsupported protocol version with UNSUPPORTED_VERSION', async () => {
    const ada = await connect();

    const reply = replyOf(await handler(messageEvent(ada, '$default', '{"action":"ping","v":2}')));

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.UNSUPPORTED_VERSION });
  });
});

describe('unexpected errors', () => {
  it('replies INTERNAL_ERROR without leaking the cause when the stored record is corrupt', async () => {
    const connectionId = newConnectionId();
    await fixture.putItem({ ...connectionKey(connectionId), type: 'connection', connectionId });

    const reply = await send(connectionId, { action: 'ping', requestId: 'r-x' });

    expect(reply).toEqual({
      type: 'error',
      code: ErrorCode.INTERNAL_ERROR,
      message: 'Internal error.',
      action: 'ping',
      requestId: 'r-x',
    });
  });
});

describe('$disconnect', () => {
  it('deletes the connection and its memberships in every room it joined', async () => {
    const rooms = [uniqueRoom(), uniqueRoom(), uniqueRoom()];
    const ada = await connect({ roomId: rooms[0] ?? '' });
    const bob = await connect({ roomId: rooms[0] ?? '' });
    for (const roomId of rooms.slice(1)) await send(ada, { action: 'join', roomId });

    const result = await handler(disconnectEvent(ada));

    expect(result).toEqual({ statusCode: 200 });
    expect(await fixture.getItem(connectionKey(ada).pk, 'CONN')).toBeUndefined();
    for (const roomId of rooms) {
      const members = await fixture.partition(roomPartition(roomId));
      expect(members.map((item) => item.connectionId)).toEqual(roomId === rooms[0] ? [bob] : []);
    }
  });

  it('is safe to run twice and for a connection the table never saw', async () => {
    const ada = await connect({ roomId: uniqueRoom() });
    await handler(disconnectEvent(ada, { statusCode: 1001, reason: 'Going away' }));

    const again = await handler(disconnectEvent(ada));
    const unknown = await handler(disconnectEvent(newConnectionId()));

    expect(again).toEqual({ statusCode: 200 });
    expect(unknown).toEqual({ statusCode: 200 });
  });
});
