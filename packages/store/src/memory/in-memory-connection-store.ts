import {
  fromConnectionItem,
  fromMemberItem,
  memberKey,
  roomPartition,
  toConnectionItem,
  toMemberItem,
  type Connection,
  type RoomMember,
} from '@chat/domain';
import { encodeChecked, type StoredItem } from '../items.js';
import { compareUtf8 } from '../order.js';
import type { ConnectionStore } from '../ports.js';
import { settle } from '../settle.js';

/**
 * A `ConnectionStore` held in process memory, for unit tests and single-process tools. It
 * keeps the DynamoDB adapter's semantics: members come back in sort-key order (by
 * connection id), a connection's rooms in index order (by room id), and it holds the
 * domain's table items, so it refuses to write what DynamoDB could not read back and
 * callers never share an object with the store.
 */
export class InMemoryConnectionStore implements ConnectionStore {
  /** connectionId → connection item. */
  readonly #connections = new Map<string, StoredItem>();
  /** roomId → connectionId → membership item. */
  readonly #rooms = new Map<string, Map<string, StoredItem>>();

  public putConnection(connection: Connection): Promise<void> {
    return settle(() => {
      const { item } = encodeChecked(connection, toConnectionItem, fromConnectionItem);
      this.#connections.set(connection.connectionId, item);
    });
  }

  public getConnection(connectionId: string): Promise<Connection | undefined> {
    return settle(() => decode(this.#connections.get(connectionId), fromConnectionItem));
  }

  public renameConnection(connectionId: string, name: string): Promise<Connection | undefined> {
    return settle(() => {
      const stored = decode(this.#connections.get(connectionId), fromConnectionItem);
      if (stored === undefined) return undefined;
      const renamed = encodeChecked({ ...stored, name }, toConnectionItem, fromConnectionItem);
      this.#connections.set(connectionId, renamed.item);
      for (const members of this.#rooms.values()) {
        const member = decode(members.get(connectionId), fromMemberItem);
        if (member !== undefined) {
          members.set(
            connectionId,
            encodeChecked({ ...member, name }, toMemberItem, fromMemberItem).item,
          );
        }
      }
      return renamed.value;
    });
  }

  public deleteConnection(
    connectionId: string,
  ): Promise<{ connection: Connection | undefined; memberships: RoomMember[] }> {
    return settle(() => {
      const connection = decode(this.#connections.get(connectionId), fromConnectionItem);
      const memberships: RoomMember[] = [];
      for (const roomId of this.#roomIdsOf(connectionId)) {
        const member = this.#deleteMember(roomId, connectionId);
        if (member !== undefined) memberships.push(member);
      }
      this.#connections.delete(connectionId);
      return { connection, memberships };
    });
  }

  public addMember(member: RoomMember): Promise<{ member: RoomMember; created: boolean }> {
    return settle(() => {
      const { item, value } = encodeChecked(member, toMemberItem, fromMemberItem);
      let members = this.#rooms.get(member.roomId);
      if (members === undefined) {
        members = new Map();
        this.#rooms.set(member.roomId, members);
      }
      const existing = members.get(member.connectionId);
      if (existing !== undefined) return { member: fromMemberItem(existing), created: false };
      members.set(member.connectionId, item);
      return { member: value, created: true };
    });
  }

  public removeMember(roomId: string, connectionId: string): Promise<RoomMember | undefined> {
    return settle(() => this.#deleteMember(roomId, connectionId));
  }

  public getMember(roomId: string, connectionId: string): Promise<RoomMember | undefined> {
    return settle(() => decode(this.#rooms.get(roomId)?.get(connectionId), fromMemberItem));
  }

  public listMembers(roomId: string, options: { limit?: number } = {}): Promise<RoomMember[]> {
    const sortKey = (member: RoomMember): string => memberKey(roomId, member.connectionId).sk;
    return settle(() =>
      [...(this.#rooms.get(roomId)?.values() ?? [])]
        .map((item) => fromMemberItem(item))
        .sort((a, b) => compareUtf8(sortKey(a), sortKey(b)))
        .slice(0, options.limit),
    );
  }

  public listRoomsOf(connectionId: string): Promise<string[]> {
    return settle(() => this.#roomIdsOf(connectionId));
  }

  #roomIdsOf(connectionId: string): string[] {
    const roomIds: string[] = [];
    for (const [roomId, members] of this.#rooms) {
      if (members.has(connectionId)) roomIds.push(roomId);
    }
    return roomIds.sort((a, b) => compareUtf8(roomPartition(a), roomPartition(b)));
  }

  #deleteMember(roomId: string, connectionId: string): RoomMember | undefined {
    const members = this.#rooms.get(roomId);
    const item = members?.get(connectionId);
    if (members === undefined || item === undefined) return undefined;
    members.delete(connectionId);
    if (members.size === 0) this.#rooms.delete(roomId);
    return fromMemberItem(item);
  }
}

function decode<T>(item: StoredItem | undefined, decoder: (item: StoredItem) => T): T | undefined {
  return item === undefined ? undefined : decoder(item);
}
