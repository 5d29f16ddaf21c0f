/**
 * The behaviour every `ConnectionStore` must have. The same suite runs against the
 * in-memory adapter (unit) and the DynamoDB adapter (integration, DynamoDB Local), which is
 * what lets service unit tests trust the in-memory one.
 */
import { UnknownItemError } from '@chat/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionStore } from '../../src/index.js';
import { aConnection, aMember, at, membershipOf, unique } from './fixtures.js';

export function describeConnectionStoreContract(
  adapter: string,
  makeStore: () => ConnectionStore | Promise<ConnectionStore>,
): void {
  describe(`ConnectionStore contract (${adapter})`, () => {
    let store: ConnectionStore;

    beforeEach(async () => {
      store = await makeStore();
    });

    describe('putConnection / getConnection', () => {
      it('returns the connection that was put', async () => {
        const connection = aConnection();

        await store.putConnection(connection);

        expect(await store.getConnection(connection.connectionId)).toEqual(connection);
      });

      it('overwrites a record with the same connection id', async () => {
        const first = aConnection();
        const second = { ...first, name: 'Grace', sourceIp: '198.51.100.1' };

        await store.putConnection(first);
        await store.putConnection(second);

        expect(await store.getConnection(first.connectionId)).toEqual(second);
      });

      it('returns undefined for a connection that was never put', async () => {
        expect(await store.getConnection(unique('conn'))).toBeUndefined();
      });
    });

    describe('addMember / getMember / removeMember', () => {
      it('creates a membership on the first join', async () => {
        const member = aMember();

        const result = await store.addMember(member);

        expect(result).toEqual({ member, created: true });
        expect(await store.getMember(member.roomId, member.connectionId)).toEqual(member);
      });

      it('keeps the first joinedAt and name when the same connection joins again', async () => {
        const first = aMember({ joinedAt: at(10) });
        await store.addMember(first);

        const again = await store.addMember({ ...first, joinedAt: at(20), name: 'Later' });

        expect(again).toEqual({ member: first, created: false });
        expect(await store.getMember(first.roomId, first.connectionId)).toEqual(first);
      });

      it('removes a membership and returns it, then returns undefined', async () => {
        const member = aMember();
        await store.addMember(member);

        const removed = await store.removeMember(member.roomId, member.connectionId);
        const removedAgain = await store.removeMember(member.roomId, member.connectionId);

        expect(removed).toEqual(member);
        expect(removedAgain).toBeUndefined();
        expect(await store.getMember(member.roomId, member.connectionId)).toBeUndefined();
        expect(await store.listMembers(member.roomId)).toEqual([]);
      });

      it('lets a connection join again after leaving, with the new joinedAt', async () => {
        const member = aMember({ joinedAt: at(10) });
        await store.addMember(member);
        await store.removeMember(member.roomId, member.connectionId);

        const rejoined = await store.addMember({ ...member, joinedAt: at(30) });

        expect(rejoined).toEqual({ member: { ...member, joinedAt: at(30) }, created: true });
      });
    });

    describe('records the codecs reject', () => {
      it('rejects a connection with a malformed timestamp and stores nothing', async () => {
        const connection = aConnection({ connectedAt: 'yesterday' });

        await expect(store.putConnection(connection)).rejects.toBeInstanceOf(UnknownItemError);
        expect(await store.getConnection(connection.connectionId)).toBeUndefined();
      });

      it('rejects a membership with a malformed room id and stores nothing', async () => {
        const member = aMember({ roomId: `bad room ${unique('x')}` });

        await expect(store.addMember(member)).rejects.toBeInstanceOf(UnknownItemError);
        expect(await store.listRoomsOf(member.connectionId)).toEqual([]);
      });
    });

    describe('listMembers', () => {
      it('lists every member of the room in connection id order, and no one else', async () => {
        const roomId = unique('room');
        const members = ['c', 'a', 'b'].map((letter) =>
          aMember({ roomId, connectionId: `${letter}-${unique('conn')}` }),
        );
        for (const member of members) await store.addMember(member);
        await store.addMember(aMember({ connectionId: members[0]!.connectionId }));

        const listed = await store.listMembers(roomId);

        expect(listed.map((member) => member.connectionId)).toEqual(
          members.map((member) => member.connectionId).sort(),
        );
        expect(listed).toEqual(expect.arrayContaining(members));
      });

      it('returns an empty list for a room nobody joined', async () => {
        expect(await store.listMembers(unique('room'))).toEqual([]);
      });

      it('lists only the first members in key order when given a limit', async () => {
        const roomId = unique('room');
        const members = ['e', 'a', 'd', 'b', 'c'].map((letter) =>
          aMember({ roomId, connectionId: `${letter}-${unique('conn')}` }),
        );
        for (const member of members) await store.addMember(member);

        const firstThree = await store.listMembers(roomId, { limit: 3 });
        const beyondAll = await store.listMembers(roomId, { limit: 10 });

        const ids = members.map((member) => member.connectionId).sort();
        expect(firstThree.map((member) => member.connectionId)).toEqual(ids.slice(0, 3));
        expect(beyondAll.map((member) => member.connectionId)).toEqual(ids);
      });
    });

    describe('listRoomsOf', () => {
      it("lists the rooms of one connection in room id order, and not other connections' rooms", async () => {
        const connection = aConnection();
        const roomIds = ['b', 'c', 'a'].map((letter) => `${letter}-${unique('room')}`);
        for (const roomId of roomIds) await store.addMember(membershipOf(connection, roomId));
        await store.addMember(aMember({ roomId: roomIds[0]! }));

        const rooms = await store.listRoomsOf(connection.connectionId);

        expect(rooms).toEqual([...roomIds].sort());
      });

      it('returns an empty list for a connection in no room', async () => {
        expect(await store.listRoomsOf(unique('conn'))).toEqual([]);
      });
    });

    describe('renameConnection', () => {
      it('renames the connection and every membership it holds', async () => {
        const connection = aConnection({ name: 'Ada' });
        const roomIds = [unique('room'), unique('room')];
        await store.putConnection(connection);
        for (const roomId of roomIds) await store.addMember(membershipOf(connection, roomId));

        const renamed = await store.renameConnection(connection.connectionId, 'Grace');

        expect(renamed).toEqual({ ...connection, name: 'Grace' });
        expect(await store.getConnection(connection.connectionId)).toEqual(renamed);
        for (const roomId of roomIds) {
          expect(await store.getMember(roomId, connection.connectionId)).toEqual({
            ...membershipOf(connection, roomId),
            name: 'Grace',
          });
        }
      });

      it('leaves other connections and their memberships alone', async () => {
        const roomId = unique('room');
        const renamedOne = aConnection({ name: 'Ada' });
        const other = aConnection({ name: 'Bob' });
        for (const connection of [renamedOne, other]) {
          await store.putConnection(connection);
          await store.addMember(membershipOf(connection, roomId));
        }

        await store.renameConnection(renamedOne.connectionId, 'Grace');

        expect(await store.getConnection(other.connectionId)).toEqual(other);
        expect(await store.getMember(roomId, other.connectionId)).toEqual(
          membershipOf(other, roomId),
        );
      });

      it('returns undefined and creates nothing for a connection without a record', async () => {
        const connectionId = unique('conn');

        const renamed = await store.renameConnection(connectionId, 'Ghost');

        expect(renamed).toBeUndefined();
        expect(await store.getConnection(connectionId)).toBeUndefined();
      });

      it('does not bring back a membership that was removed', async () => {
        const connection = aConnection();
        const roomId = unique('room');
        await store.putConnection(connection);
        await store.addMember(membershipOf(connection, roomId));
        await store.removeMember(roomId, connection.connectionId);

        await store.renameConnection(connection.connectionId, 'Grace');

        expect(await store.getMember(roomId, connection.connectionId)).toBeUndefined();
        expect(await store.listMembers(roomId)).toEqual([]);
      });
    });

    describe('deleteConnection', () => {
      it('deletes the connection and all of its memberships and returns them', async () => {
        const connection = aConnection();
        const roomIds = [unique('room'), unique('room'), unique('room')].sort();
        const stayer = aMember({ roomId: roomIds[0]! });
        await store.putConnection(connection);
        for (const roomId of roomIds) await store.addMember(membershipOf(connection, roomId));
        await store.addMember(stayer);

        const deleted = await store.deleteConnection(connection.connectionId);

        expect(deleted.connection).toEqual(connection);
        expect(deleted.memberships).toHaveLength(roomIds.length);
        expect(deleted.memberships).toEqual(
          expect.arrayContaining(roomIds.map((roomId) => membershipOf(connection, roomId))),
        );
        expect(await store.getConnection(connection.connectionId)).toBeUndefined();
        expect(await store.listRoomsOf(connection.connectionId)).toEqual([]);
        expect(await store.listMembers(roomIds[0]!)).toEqual([stayer]);
      });

      it('is safe to run twice: the second run deletes and returns nothing', async () => {
        const connection = aConnection();
        await store.putConnection(connection);
        await store.addMember(membershipOf(connection, unique('room')));
        await store.deleteConnection(connection.connectionId);

        const second = await store.deleteConnection(connection.connectionId);

        expect(second).toEqual({ connection: undefined, memberships: [] });
      });

      it('deletes the memberships of a connection whose record is already gone', async () => {
        const connection = aConnection();
        const roomId = unique('room');
        await store.addMember(membershipOf(connection, roomId));

        const deleted = await store.deleteConnection(connection.connectionId);

        expect(deleted).toEqual({
          connection: undefined,
          memberships: [membershipOf(connection, roomId)],
        });
        expect(await store.listMembers(roomId)).toEqual([]);
      });

      it('returns nothing for a connection that never existed', async () => {
        expect(await store.deleteConnection(unique('conn'))).toEqual({
          connection: undefined,
          memberships: [],
        });
      });
    });
  });
}
