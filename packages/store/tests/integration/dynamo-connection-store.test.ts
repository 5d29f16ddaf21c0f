import {
  connectionKey,
  connectionMembershipsPartition,
  memberKey,
  roomPartition,
  toConnectionItem,
  toMemberItem,
  type RoomMember,
} from '@chat/domain';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoConnectionStore } from '../../src/dynamodb/index.js';
import { itemsOf, useTestTable, writeItems } from '../helpers/dynamo-table.js';
import { aConnection, aMember, membershipOf, unique } from '../helpers/fixtures.js';

const table = useTestTable('connections');

function store(): DynamoConnectionStore {
  return new DynamoConnectionStore({
    tableName: table().tableName,
    client: table().documentClient,
  });
}

/** Writes member items directly, optionally padded to make them large. */
function writeMembers(members: RoomMember[], padding = ''): Promise<void> {
  return writeItems(
    table(),
    members.map((member) => ({ ...toMemberItem(member), ...(padding === '' ? {} : { padding }) })),
  );
}

describe('DynamoConnectionStore', () => {
  it('stores a connection as its domain item under CONN#{id}', async () => {
    const connection = aConnection();

    await store().putConnection(connection);

    expect(await itemsOf(table(), { pk: connectionKey(connection.connectionId).pk })).toEqual([
      toConnectionItem(connection),
    ]);
  });

  it('stores a membership under the room with its byConnection index keys', async () => {
    const member = aMember();

    await store().addMember(member);

    expect(await itemsOf(table(), { pk: roomPartition(member.roomId) })).toEqual([
      toMemberItem(member),
    ]);
    expect(
      await itemsOf(table(), { gsi1pk: connectionMembershipsPartition(member.connectionId) }),
    ).toEqual([
      {
        ...memberKey(member.roomId, member.connectionId),
        gsi1pk: connectionMembershipsPartition(member.connectionId),
        gsi1sk: roomPartition(member.roomId),
      },
    ]);
  });

  it('lists members across DynamoDB pages when the room holds more than 1 MB', async () => {
    const roomId = unique('big-room');
    const members = Array.from({ length: 5 }, () => aMember({ roomId }));
    await writeMembers(members, 'x'.repeat(300_000));
    const firstPage = await table().documentClient.send(
      new QueryCommand({
        TableName: table().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': roomPartition(roomId) },
      }),
    );

    const listed = await store().listMembers(roomId);

    expect(firstPage.LastEvaluatedKey).toBeDefined();
    expect(listed).toHaveLength(members.length);
    expect(listed).toEqual(expect.arrayContaining(members));
  });

  it('lists every one of 600 members', async () => {
    const roomId = unique('crowded');
    const members = Array.from({ length: 600 }, () => aMember({ roomId }));
    await writeMembers(members);

    const listed = await store().listMembers(roomId);

    expect(listed.map((member) => member.connectionId)).toEqual(
      members.map((member) => member.connectionId).sort(),
    );
  });

  it('deletes a connection in 20 rooms with every membership, and nothing of the rooms', async () => {
    const connection = aConnection();
    const roomIds = Array.from({ length: 20 }, () => unique('room'));
    const others = roomIds.slice(0, 3).map((roomId) => aMember({ roomId }));
    await store().putConnection(connection);
    await writeMembers([...roomIds.map((roomId) => membershipOf(connection, roomId)), ...others]);

    const deleted = await store().deleteConnection(connection.connectionId);

    expect(deleted.memberships).toHaveLength(20);
    expect(await itemsOf(table(), { pk: connectionKey(connection.connectionId).pk })).toEqual([]);
    expect(
      await itemsOf(table(), { gsi1pk: connectionMembershipsPartition(connection.connectionId) }),
    ).toEqual([]);
    for (const other of others) {
      expect(await itemsOf(table(), { pk: roomPartition(other.roomId) })).toEqual([
        toMemberItem(other),
      ]);
    }
  });

  it('never brings back a membership that is removed while the connection is renamed', async () => {
    const connection = aConnection();
    const roomIds = Array.from({ length: 20 }, () => unique('room'));
    await store().putConnection(connection);
    await writeMembers(roomIds.map((roomId) => membershipOf(connection, roomId)));

    await Promise.all([
      store().renameConnection(connection.connectionId, 'Grace'),
      ...roomIds.map((roomId) => store().removeMember(roomId, connection.connectionId)),
    ]);

    for (const roomId of roomIds) {
      expect(await itemsOf(table(), { pk: roomPartition(roomId) })).toEqual([]);
    }
  });

  it('stores one membership when the same connection joins twice at once', async () => {
    const member = aMember();

    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store().addMember({ ...member, name: `try ${i}` })),
    );

    expect(results.filter((result) => result.created)).toHaveLength(1);
    const winner = results.find((result) => result.created)!.member;
    expect(results.map((result) => result.member)).toEqual(results.map(() => winner));
    expect(await itemsOf(table(), { pk: roomPartition(member.roomId) })).toEqual([
      toMemberItem(winner),
    ]);
  });

  it('works with a client config instead of a client', async () => {
    const own = new DynamoConnectionStore({
      tableName: table().tableName,
      clientConfig: table().clientConfig,
    });
    const connection = aConnection();
    await table().documentClient.send(
      new PutCommand({ TableName: table().tableName, Item: toConnectionItem(connection) }),
    );

    expect(await own.getConnection(connection.connectionId)).toEqual(connection);
  });
});
