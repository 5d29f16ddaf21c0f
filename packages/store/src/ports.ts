/**
 * The storage ports the chat services depend on. Services take these interfaces; the
 * composition root of each Lambda passes the DynamoDB adapters (`@chat/store/dynamodb`),
 * unit tests pass the in-memory ones (`@chat/store/memory`).
 */
import type { Connection, Message, RoomMember } from '@chat/domain';

/** Connections and room memberships. */
export interface ConnectionStore {
  /** Records a new connection (overwrites a record with the same id). */
  putConnection(connection: Connection): Promise<void>;

  /** The connection, or `undefined` when it has no record (never existed, left, or expired). */
  getConnection(connectionId: string): Promise<Connection | undefined>;

  /**
   * Sets the connection's display name, and the name on each of its memberships so member
   * lists and presence show it.
   *
   * @returns the updated connection, or `undefined` when the connection has no record.
   */
  renameConnection(connectionId: string, name: string): Promise<Connection | undefined>;

  /**
   * Deletes the connection and every membership it holds. Safe to call twice and for an
   * unknown connection.
   *
   * @returns what was deleted.
   */
  deleteConnection(
    connectionId: string,
  ): Promise<{ connection: Connection | undefined; memberships: RoomMember[] }>;

  /**
   * Adds the membership unless it exists (a repeated join keeps the first `joinedAt`).
   *
   * @returns the stored membership and whether this call created it.
   */
  addMember(member: RoomMember): Promise<{ member: RoomMember; created: boolean }>;

  /** Removes the membership; `undefined` when there was none. */
  removeMember(roomId: string, connectionId: string): Promise<RoomMember | undefined>;

  /** One membership, read strongly consistent. */
  getMember(roomId: string, connectionId: string): Promise<RoomMember | undefined>;

  /**
   * The room's members in key order: one Query, paginated; never a Scan. With `limit`, at
   * most that many (the first ones); without, every member.
   */
  listMembers(roomId: string, options?: { limit?: number }): Promise<RoomMember[]>;

  /** Room ids the connection has joined (from the `byConnection` index). */
  listRoomsOf(connectionId: string): Promise<string[]>;
}

/** The result of storing a message. */
export interface CreateMessageResult {
  /** The stored message: the new one, or the one an earlier send with the same id stored. */
  readonly message: Message;
  /** `true` when `clientMessageId` had already been used in this room. */
  readonly duplicate: boolean;
}

/** One page of a room's history, newest first. */
export interface MessagePage {
  readonly messages: Message[];
  /** The cursor for the next (older) page; absent on the last page. */
  readonly nextBefore?: string;
}

/** Messages of rooms. */
/** A new text for a message, by the author the caller authorized. */
export interface MessageEdit {
  readonly roomId: string;
  readonly messageId: string;
  readonly authorId: string;
  readonly text: string;
  readonly editedAt: string;
}

/** The deletion of a message, by the author the caller authorized. */
export interface MessageDeletion {
  readonly roomId: string;
  readonly messageId: string;
  readonly authorId: string;
  readonly deletedAt: string;
}

export interface MessageStore {
  /**
   * Stores a new message. With a `clientMessageId`, the message and the id's record are
   * written in one transaction, so a retried send stores nothing new and returns the first
   * message.
   */
  createMessage(message: Message): Promise<CreateMessageResult>;

  getMessage(roomId: string, messageId: string): Promise<Message | undefined>;

  /**
   * Replaces the text of a message, conditionally on the stored message being the one the
   * caller authorized against (same author, not deleted).
   *
   * @throws {MessageNotFoundError | NotAuthorError | MessageDeletedError}
   */
  editMessage(input: MessageEdit): Promise<Message>;

  /**
   * Turns the message into a tombstone (empty text, `deleted: true`). Deleting a tombstone
   * again returns it unchanged.
   *
   * @throws {MessageNotFoundError | NotAuthorError}
   */
  deleteMessage(input: MessageDeletion): Promise<Message>;

  /** A page of the room's messages, newest first, older than `before` when given. */
  listMessages(roomId: string, options: { limit: number; before?: string }): Promise<MessagePage>;
}
