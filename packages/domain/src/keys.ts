/**
 * The key schema: which `pk`/`sk` each item has. See `chatTable` for the layout.
 */

export const KeyPrefix = {
  connection: 'CONN#',
  room: 'ROOM#',
  member: 'MEMBER#',
  message: 'MSG#',
  clientMessageId: 'CMID#',
} as const;

/** Sort key of a connection item. */
export const CONNECTION_SORT_KEY = 'CONN';

export interface TableKey {
  readonly pk: string;
  readonly sk: string;
}

export function connectionKey(connectionId: string): TableKey {
  return { pk: `${KeyPrefix.connection}${connectionId}`, sk: CONNECTION_SORT_KEY };
}

export function roomPartition(roomId: string): string {
  return `${KeyPrefix.room}${roomId}`;
}

export function memberKey(roomId: string, connectionId: string): TableKey {
  return { pk: roomPartition(roomId), sk: `${KeyPrefix.member}${connectionId}` };
}

export function messageKey(roomId: string, messageId: string): TableKey {
  return { pk: roomPartition(roomId), sk: `${KeyPrefix.message}${messageId}` };
}

export function clientMessageIdKey(roomId: string, clientMessageId: string): TableKey {
  return { pk: roomPartition(roomId), sk: `${KeyPrefix.clientMessageId}${clientMessageId}` };
}

/** Keys of the `byConnection` index entry of a membership. */
export function memberIndexKey(
  roomId: string,
  connectionId: string,
): {
  gsi1pk: string;
  gsi1sk: string;
} {
  return {
    gsi1pk: `${KeyPrefix.connection}${connectionId}`,
    gsi1sk: `${KeyPrefix.room}${roomId}`,
  };
}

/** Partition of the `byConnection` index that lists one connection's memberships. */
export function connectionMembershipsPartition(connectionId: string): string {
  return `${KeyPrefix.connection}${connectionId}`;
}

/** The room id in a room partition key, or `undefined` if `pk` is not one. */
export function roomIdFromPartition(pk: string): string | undefined {
  return pk.startsWith(KeyPrefix.room) ? pk.slice(KeyPrefix.room.length) : undefined;
}
