import {
  BY_CONNECTION_INDEX,
  connectionKey,
  connectionMembershipsPartition,
  fromConnectionItem,
  fromMemberItem,
  KeyPrefix,
  memberKey,
  roomIdFromPartition,
  roomPartition,
  TableAttribute,
  toConnectionItem,
  toMemberItem,
  type Connection,
  type RoomMember,
} from '@chat/domain';
import {
  DeleteCommand,
  GetCommand,
  paginateQuery,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { encodeChecked } from '../items.js';
import type { ConnectionStore } from '../ports.js';
import { fromAttributeMap } from './attribute-values.js';
import { mapWithConcurrency } from './concurrency.js';
import { conditionFailure } from './errors.js';
import { resolveTable, type DynamoStoreOptions } from './table-client.js';

/** Writes per connection that run at once (one per room; a connection has at most 20). */
const MEMBERSHIP_WRITE_CONCURRENCY = 8;

const { partitionKey: PK, sortKey: SK } = TableAttribute;

/**
 * `ConnectionStore` over the chat table. Every request is a GetItem, a Query or a
 * conditional write on the keys the domain defines; nothing reads the whole table.
 */
export class DynamoConnectionStore implements ConnectionStore {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;

  public constructor(options: DynamoStoreOptions) {
    const { tableName, client } = resolveTable(options);
    this.#tableName = tableName;
    this.#client = client;
  }

  public async putConnection(connection: Connection): Promise<void> {
    const { item } = encodeChecked(connection, toConnectionItem, fromConnectionItem);
    await this.#client.send(new PutCommand({ TableName: this.#tableName, Item: item }));
  }

  public async getConnection(connectionId: string): Promise<Connection | undefined> {
    const { Item: item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: connectionKey(connectionId),
        ConsistentRead: true,
      }),
    );
    return item === undefined ? undefined : fromConnectionItem(item);
  }

  public async renameConnection(
    connectionId: string,
    name: string,
  ): Promise<Connection | undefined> {
    let renamed: Connection;
    try {
      const { Attributes: item } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: connectionKey(connectionId),
          UpdateExpression: 'SET #name = :name',
          ConditionExpression: 'attribute_exists(#pk)',
          ExpressionAttributeNames: { '#name': 'name', '#pk': PK },
          ExpressionAttributeValues: { ':name': name },
          ReturnValues: 'ALL_NEW',
        }),
      );
      renamed = fromConnectionItem(item ?? {});
    } catch (error: unknown) {
      if (conditionFailure(error) !== undefined) return undefined;
      throw error;
    }
    const roomIds = await this.listRoomsOf(connectionId);
    await mapWithConcurrency(roomIds, MEMBERSHIP_WRITE_CONCURRENCY, async (roomId) => {
      try {
        await this.#client.send(
          new UpdateCommand({
            TableName: this.#tableName,
            Key: memberKey(roomId, connectionId),
            UpdateExpression: 'SET #name = :name',
            // A membership removed meanwhile stays removed instead of coming back as a stub.
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#name': 'name', '#pk': PK },
            ExpressionAttributeValues: { ':name': name },
          }),
        );
      } catch (error: unknown) {
        if (conditionFailure(error) === undefined) throw error;
      }
    });
    return renamed;
  }

  public async deleteConnection(
    connectionId: string,
  ): Promise<{ connection: Connection | undefined; memberships: RoomMember[] }> {
    // The connection goes first, so a join that looks it up from now on is refused.
    const { Attributes: connectionItem } = await this.#client.send(
      new DeleteCommand({
        TableName: this.#tableName,
        Key: connectionKey(connectionId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    // The index is eventually consistent: a join from the last moment may be missed here;
    // its TTL and the fan-out's stale-connection pruning remove it later.
    const roomIds = await this.listRoomsOf(connectionId);
    const deleted = await mapWithConcurrency(roomIds, MEMBERSHIP_WRITE_CONCURRENCY, (roomId) =>
      this.removeMember(roomId, connectionId),
    );
    return {
      connection: connectionItem === undefined ? undefined : fromConnectionItem(connectionItem),
      memberships: deleted.filter((member) => member !== undefined),
    };
  }

  public async addMember(member: RoomMember): Promise<{ member: RoomMember; created: boolean }> {
    const { item, value } = encodeChecked(member, toMemberItem, fromMemberItem);
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': PK },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { member: value, created: true };
    } catch (error: unknown) {
      const failure = conditionFailure(error);
      if (failure === undefined) throw error;
      const existing =
        failure.item === undefined
          ? await this.getMember(member.roomId, member.connectionId)
          : fromMemberItem(fromAttributeMap(failure.item));
      if (existing === undefined) throw error;
      return { member: existing, created: false };
    }
  }

  public async removeMember(roomId: string, connectionId: string): Promise<RoomMember | undefined> {
    const { Attributes: item } = await this.#client.send(
      new DeleteCommand({
        TableName: this.#tableName,
        Key: memberKey(roomId, connectionId),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return item === undefined ? undefined : fromMemberItem(item);
  }

  public async getMember(roomId: string, connectionId: string): Promise<RoomMember | undefined> {
    const { Item: item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: memberKey(roomId, connectionId),
        ConsistentRead: true,
      }),
    );
    return item === undefined ? undefined : fromMemberItem(item);
  }

  public async listMembers(
    roomId: string,
    options: { limit?: number } = {},
  ): Promise<RoomMember[]> {
    const { limit } = options;
    const members: RoomMember[] = [];
    const pages = paginateQuery(
      { client: this.#client, ...(limit === undefined ? {} : { pageSize: limit }) },
      {
        TableName: this.#tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :member)',
        ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
        ExpressionAttributeValues: { ':pk': roomPartition(roomId), ':member': KeyPrefix.member },
        // A connection that has just joined must receive the next message.
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) members.push(fromMemberItem(item));
      if (limit !== undefined && members.length >= limit) return members.slice(0, limit);
    }
    return members;
  }

  public async listRoomsOf(connectionId: string): Promise<string[]> {
    const roomIds: string[] = [];
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#tableName,
        IndexName: BY_CONNECTION_INDEX,
        KeyConditionExpression: '#gsi1pk = :gsi1pk',
        ExpressionAttributeNames: { '#gsi1pk': TableAttribute.byConnectionPartitionKey },
        ExpressionAttributeValues: { ':gsi1pk': connectionMembershipsPartition(connectionId) },
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        const roomId = typeof item[PK] === 'string' ? roomIdFromPartition(item[PK]) : undefined;
        if (roomId !== undefined) roomIds.push(roomId);
      }
    }
    return roomIds;
  }
}
