import { describe, expect, it } from 'vitest';
import {
  CONNECTION_TTL_SECONDS,
  ErrorCode,
  MAX_JOINED_MEMBERS,
  type RoomMember,
} from '@chat/domain';
import { errorCodeOf } from '@chat/service-kit/testing';
import { InMemoryConnectionStore } from '@chat/store/memory';
import { ConnectionService, newGuestName, type ConnectInput } from '../../src/service.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;

function setup(options: { maxRoomsPerConnection?: number; store?: InMemoryConnectionStore } = {}) {
  const store = options.store ?? new InMemoryConnectionStore();
  let users = 0;
  const service = new ConnectionService({
    store,
    clock: () => NOW,
    newUserId: () => `anon-${String((users += 1))}`,
    newGuestName: () => 'guest-beef',
    ...(options.maxRoomsPerConnection === undefined
      ? {}
      : { maxRoomsPerConnection: options.maxRoomsPerConnection }),
  });
  return { store, service };
}

function connectInput(connectionId: string, extra: Partial<ConnectInput> = {}): ConnectInput {
  return { connectionId, sourceIp: '203.0.113.7', userAgent: 'vitest', ...extra };
}

describe('connect', () => {
  it('records the connection with a server-side anonymous identity, guest name and TTL', async () => {
    // Prepare
    const { store, service } = setup();

    // Act
    const { connection, joined } = await service.connect(
      connectInput('c1', { connectedAt: NOW.getTime() - 5 }),
    );

    // Assess
    expect(joined).toBeUndefined();
    expect(await store.getConnection('c1')).toEqual({
      connectionId: 'c1',
      userId: 'anon-1',
      name: 'guest-beef',
      connectedAt: '2025-06-01T11:59:59.995Z',
      sourceIp: '203.0.113.7',
      userAgent: 'vitest',
      expiresAt: NOW_SECONDS + CONNECTION_TTL_SECONDS,
    });
    expect(connection.userId).toBe('anon-1');
  });

  it('takes the user id from the authorizer principal and the name from the handshake', async () => {
    const { store, service } = setup();

    await service.connect(connectInput('c1', { principalId: 'user-42', name: 'Ada' }));

    expect(await store.getConnection('c1')).toMatchObject({ userId: 'user-42', name: 'Ada' });
  });

  it('joins the room named in the handshake, with the connection expiry on the membership', async () => {
    const { store, service } = setup();

    const { joined } = await service.connect(connectInput('c1', { roomId: 'lobby', name: 'Ada' }));

    expect(joined).toEqual({
      roomId: 'lobby',
      members: [{ userId: 'anon-1', name: 'Ada', joinedAt: NOW.toISOString() }],
      you: { userId: 'anon-1', name: 'Ada', joinedAt: NOW.toISOString() },
    });
    expect(await store.getMember('lobby', 'c1')).toMatchObject({
      expiresAt: NOW_SECONDS + CONNECTION_TTL_SECONDS,
    });
  });
});

describe('newGuestName', () => {
  it('makes a guest name of four hex digits that passes the display name rules', () => {
    expect(newGuestName()).toMatch(/^guest-[0-9a-f]{4}$/);
  });
});

describe('join', () => {
  it('returns the members with the caller among them and never a connection id', async () => {
    const { service } = setup();
    await service.connect(connectInput('c1', { name: 'Ada', roomId: 'lobby' }));
    await service.connect(connectInput('c2', { name: 'Bob' }));

    const joined = await service.join({ connectionId: 'c2', roomId: 'lobby' });

    expect(joined.members.map((member) => member.name).sort()).toEqual(['Ada', 'Bob']);
    expect(joined.you).toEqual({ userId: 'anon-2', name: 'Bob', joinedAt: NOW.toISOString() });
    expect(JSON.stringify(joined)).not.toMatch(/c1|c2|connectionId/);
  });

  it('puts the caller in the member list when the listing does not show it yet', async () => {
    class LaggingStore extends InMemoryConnectionStore {
      public override listMembers(): Promise<RoomMember[]> {
        return Promise.resolve([]);
      }
    }
    const { service } = setup({ store: new LaggingStore() });
    await service.connect(connectInput('c1', { name: 'Ada' }));

    const joined = await service.join({ connectionId: 'c1', roomId: 'lobby' });

    expect(joined.members).toEqual([joined.you]);
  });

  it(`lists at most ${MAX_JOINED_MEMBERS} members, the caller first, and says when the room has more`, async () => {
    const { service } = setup();
    for (let i = 0; i < MAX_JOINED_MEMBERS; i += 1) {
      await service.connect(connectInput(`c${String(i).padStart(3, '0')}`, { roomId: 'big' }));
    }
    await service.connect(connectInput('z-last', { name: 'Zed' }));
    await service.connect(connectInput('a-first', { name: 'Amy' }));

    const alone = await service.join({ connectionId: 'z-last', roomId: 'small' });
    const overLimit = await service.join({ connectionId: 'z-last', roomId: 'big' });
    const alsoOver = await service.join({ connectionId: 'a-first', roomId: 'big' });

    expect(alone.truncated).toBeUndefined();
    expect(overLimit.members).toHaveLength(MAX_JOINED_MEMBERS);
    expect(overLimit.members[0]).toEqual(overLimit.you);
    expect(overLimit.truncated).toBe(true);
    expect(alsoOver.members[0]?.name).toBe('Amy');
    expect(new Set(alsoOver.members.map((member) => member.userId)).size).toBe(MAX_JOINED_MEMBERS);
  });

  it('lists every member and no truncation in a room of exactly the limit', async () => {
    const { service } = setup();
    for (let i = 0; i < MAX_JOINED_MEMBERS - 1; i += 1) {
      await service.connect(connectInput(`c${String(i).padStart(3, '0')}`, { roomId: 'full' }));
    }
    await service.connect(connectInput('last', { name: 'Lee' }));

    const joined = await service.join({ connectionId: 'last', roomId: 'full' });

    expect(joined.members).toHaveLength(MAX_JOINED_MEMBERS);
    expect(joined.truncated).toBeUndefined();
  });

  it('is idempotent: a repeated join keeps one membership and the first joinedAt', async () => {
    const { store } = setup();
    let now = NOW;
    const service = new ConnectionService({ store, clock: () => now });
    await service.connect(connectInput('c1', { name: 'Ada' }));
    await service.join({ connectionId: 'c1', roomId: 'lobby' });
    now = new Date(NOW.getTime() + 60_000);

    const again = await service.join({ connectionId: 'c1', roomId: 'lobby' });

    expect(again.you.joinedAt).toBe(NOW.toISOString());
    expect(await store.listMembers('lobby')).toHaveLength(1);
  });

  it('sets the display name first when the join carries one', async () => {
    const { store, service } = setup();
    await service.connect(connectInput('c1', { name: 'Ada', roomId: 'general' }));

    const joined = await service.join({ connectionId: 'c1', roomId: 'lobby', name: 'Ada L.' });

    expect(joined.you.name).toBe('Ada L.');
    expect(await store.getConnection('c1')).toMatchObject({ name: 'Ada L.' });
    expect(await store.getMember('general', 'c1')).toMatchObject({ name: 'Ada L.' });
  });

  it('lets one connection be in several rooms at once', async () => {
    const { store, service } = setup();
    await service.connect(connectInput('c1'));

    await service.join({ connectionId: 'c1', roomId: 'lobby' });
    await service.join({ connectionId: 'c1', roomId: 'general' });

    expect(await store.listRoomsOf('c1')).toEqual(['general', 'lobby']);
  });

  it('refuses a join beyond the room limit with TOO_MANY_ROOMS and stores nothing', async () => {
    const { store, service } = setup({ maxRoomsPerConnection: 2 });
    await service.connect(connectInput('c1'));
    await service.join({ connectionId: 'c1', roomId: 'a' });
    await service.join({ connectionId: 'c1', roomId: 'b' });

    const code = await errorCodeOf(service.join({ connectionId: 'c1', roomId: 'c' }));

    expect(code).toBe(ErrorCode.TOO_MANY_ROOMS);
    expect(await store.listMembers('c')).toEqual([]);
  });

  it('accepts a repeated join of a room already joined when at the room limit', async () => {
    const { store, service } = setup({ maxRoomsPerConnection: 1 });
    await service.connect(connectInput('c1'));
    await service.join({ connectionId: 'c1', roomId: 'a' });

    const joined = await service.join({ connectionId: 'c1', roomId: 'a' });

    expect(joined.roomId).toBe('a');
    expect(await store.listRoomsOf('c1')).toEqual(['a']);
  });

  it('refuses a connection without a record with NOT_CONNECTED and stores nothing', async () => {
    const { store, service } = setup();

    const code = await errorCodeOf(service.join({ connectionId: 'gone', roomId: 'lobby' }));

    expect(code).toBe(ErrorCode.NOT_CONNECTED);
    expect(await store.listMembers('lobby')).toEqual([]);
  });
});

describe('leave', () => {
  it('removes the membership and keeps the connection', async () => {
    const { store, service } = setup();
    await service.connect(connectInput('c1', { roomId: 'lobby' }));

    const left = await service.leave({ connectionId: 'c1', roomId: 'lobby' });

    expect(left).toEqual({ roomId: 'lobby' });
    expect(await store.getMember('lobby', 'c1')).toBeUndefined();
    expect(await store.getConnection('c1')).toBeDefined();
  });

  it('refuses to leave a room not joined with NOT_A_MEMBER', async () => {
    const { service } = setup();
    await service.connect(connectInput('c1'));

    expect(await errorCodeOf(service.leave({ connectionId: 'c1', roomId: 'lobby' }))).toBe(
      ErrorCode.NOT_A_MEMBER,
    );
  });

  it('refuses a connection without a record with NOT_CONNECTED', async () => {
    const { service } = setup();

    expect(await errorCodeOf(service.leave({ connectionId: 'gone', roomId: 'lobby' }))).toBe(
      ErrorCode.NOT_CONNECTED,
    );
  });
});

describe('rename', () => {
  it('renames the connection and its memberships in every room', async () => {
    const { store, service } = setup();
    await service.connect(connectInput('c1', { name: 'Ada', roomId: 'a' }));
    await service.join({ connectionId: 'c1', roomId: 'b' });

    const renamed = await service.rename({ connectionId: 'c1', name: 'Countess' });

    expect(renamed).toEqual({ name: 'Countess' });
    expect(await store.getConnection('c1')).toMatchObject({ name: 'Countess' });
    expect((await store.listMembers('a'))[0]?.name).toBe('Countess');
    expect((await store.listMembers('b'))[0]?.name).toBe('Countess');
  });

  it('refuses a connection without a record with NOT_CONNECTED', async () => {
    const { store, service } = setup();

    expect(await errorCodeOf(service.rename({ connectionId: 'gone', name: 'X' }))).toBe(
      ErrorCode.NOT_CONNECTED,
    );
    expect(await store.getConnection('gone')).toBeUndefined();
  });
});

describe('ping', () => {
  it('answers with the server time', async () => {
    const { service } = setup();
    await service.connect(connectInput('c1'));

    expect(await service.ping({ connectionId: 'c1' })).toEqual({ serverTime: NOW.toISOString() });
  });

  it('tells a connection whose record is gone that it is NOT_CONNECTED', async () => {
    const { service } = setup();

    expect(await errorCodeOf(service.ping({ connectionId: 'gone' }))).toBe(ErrorCode.NOT_CONNECTED);
  });
});

describe('disconnect', () => {
  it('deletes the connection and its memberships in every room', async () => {
    const { store, service } = setup();
    await service.connect(connectInput('c1', { roomId: 'a' }));
    await service.join({ connectionId: 'c1', roomId: 'b' });
    await service.connect(connectInput('c2', { roomId: 'a' }));

    const result = await service.disconnect('c1');

    expect(result.roomIds.sort()).toEqual(['a', 'b']);
    expect(await store.getConnection('c1')).toBeUndefined();
    expect(await store.listRoomsOf('c1')).toEqual([]);
    expect((await store.listMembers('a')).map((member) => member.connectionId)).toEqual(['c2']);
  });

  it('is safe to run twice and for a connection that never had a record', async () => {
    const { service } = setup();
    await service.connect(connectInput('c1', { roomId: 'a' }));
    await service.disconnect('c1');

    const again = await service.disconnect('c1');
    const unknown = await service.disconnect('never');

    expect(again).toEqual({ connection: undefined, roomIds: [] });
    expect(unknown).toEqual({ connection: undefined, roomIds: [] });
  });
});

describe('listMembers', () => {
  it('lists the public view of every member of the room', async () => {
    const { service } = setup();
    await service.connect(connectInput('c1', { name: 'Ada', roomId: 'lobby' }));
    await service.connect(connectInput('c2', { name: 'Bob', roomId: 'lobby' }));

    const members = await service.listMembers('lobby');

    expect(members).toEqual([
      { userId: 'anon-1', name: 'Ada', joinedAt: NOW.toISOString() },
      { userId: 'anon-2', name: 'Bob', joinedAt: NOW.toISOString() },
    ]);
  });
});
