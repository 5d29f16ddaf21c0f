/**
 * Item codecs: pure functions from entities to table items and back. Items are plain
 * objects in DynamoDB's document form (as `@aws-sdk/lib-dynamodb` or `unmarshall` give
 * them); turning them into attribute values is the adapters' job.
 */
// A namespace import lets bundlers drop what is unused (zod's `z` export pulls in every locale).
import * as z from 'zod';
import {
  clientIdSchema,
  messageIdSchema,
  roomIdSchema,
  timestampSchema,
  type Connection,
  type Message,
  type RoomMember,
} from './entities.js';
import { UnknownItemError } from './errors.js';
import {
  clientMessageIdKey,
  connectionKey,
  memberIndexKey,
  memberKey,
  messageKey,
  type TableKey,
} from './keys.js';

/** Value of the `type` attribute of each kind of item. */
export const ItemType = {
  connection: 'connection',
  member: 'member',
  message: 'message',
  clientMessageId: 'clientMessageId',
} as const;

export type ItemType = (typeof ItemType)[keyof typeof ItemType];

export interface ConnectionItem extends TableKey, Connection {
  readonly type: typeof ItemType.connection;
}

export interface MemberItem extends TableKey, RoomMember {
  readonly type: typeof ItemType.member;
  readonly gsi1pk: string;
  readonly gsi1sk: string;
}

export interface MessageItem extends TableKey, Message {
  readonly type: typeof ItemType.message;
}

/** Remembers which message a `clientMessageId` produced, so a retried send is idempotent. */
export interface ClientMessageIdItem extends TableKey {
  readonly type: typeof ItemType.clientMessageId;
  readonly roomId: string;
  readonly clientMessageId: string;
  readonly messageId: string;
  readonly expiresAt: number;
}

export type ChatItem = ConnectionItem | MemberItem | MessageItem | ClientMessageIdItem;

/** A decoded item: the entity it holds, tagged with its type. */
export type DecodedItem =
  | { readonly type: typeof ItemType.connection; readonly value: Connection }
  | { readonly type: typeof ItemType.member; readonly value: RoomMember }
  | { readonly type: typeof ItemType.message; readonly value: Message }
  | {
      readonly type: typeof ItemType.clientMessageId;
      readonly value: { roomId: string; clientMessageId: string; messageId: string };
    };

export function toConnectionItem(connection: Connection): ConnectionItem {
  return { ...connectionKey(connection.connectionId), type: ItemType.connection, ...connection };
}

export function toMemberItem(member: RoomMember): MemberItem {
  return {
    ...memberKey(member.roomId, member.connectionId),
    ...memberIndexKey(member.roomId, member.connectionId),
    type: ItemType.member,
    ...member,
  };
}

export function toMessageItem(message: Message): MessageItem {
  return { ...messageKey(message.roomId, message.id), type: ItemType.message, ...message };
}

export function toClientMessageIdItem(
  roomId: string,
  clientMessageId: string,
  messageId: string,
  expiresAt: number,
): ClientMessageIdItem {
  return {
    ...clientMessageIdKey(roomId, clientMessageId),
    type: ItemType.clientMessageId,
    roomId,
    clientMessageId,
    messageId,
    expiresAt,
  };
}

const keySchema = { pk: z.string(), sk: z.string() };
const epochSeconds = z.number().int().nonnegative();

const connectionItemSchema = z.object({
  ...keySchema,
  type: z.literal(ItemType.connection),
  connectionId: z.string().min(1),
  userId: z.string().min(1),
  name: z.string(),
  connectedAt: timestampSchema,
  sourceIp: z.string(),
  userAgent: z.string(),
  expiresAt: epochSeconds,
});

const memberItemSchema = z.object({
  ...keySchema,
  type: z.literal(ItemType.member),
  roomId: roomIdSchema,
  connectionId: z.string().min(1),
  userId: z.string().min(1),
  name: z.string(),
  joinedAt: timestampSchema,
  expiresAt: epochSeconds,
});

const messageItemSchema = z.object({
  ...keySchema,
  type: z.literal(ItemType.message),
  id: messageIdSchema,
  roomId: roomIdSchema,
  authorId: z.string().min(1),
  authorName: z.string(),
  text: z.string(),
  createdAt: timestampSchema,
  editedAt: timestampSchema.optional(),
  deleted: z.boolean(),
  clientMessageId: clientIdSchema.optional(),
});

const clientMessageIdItemSchema = z.object({
  ...keySchema,
  type: z.literal(ItemType.clientMessageId),
  roomId: roomIdSchema,
  clientMessageId: clientIdSchema,
  messageId: messageIdSchema,
  expiresAt: epochSeconds,
});

const itemSchema = z.discriminatedUnion('type', [
  connectionItemSchema,
  memberItemSchema,
  messageItemSchema,
  clientMessageIdItemSchema,
]);

/**
 * Decodes a table item into the entity it holds.
 *
 * @throws {UnknownItemError} when the item has no known `type` or breaks its type's schema.
 */
export function fromItem(item: object): DecodedItem {
  const parsed = itemSchema.safeParse(item);
  if (!parsed.success) {
    const record = item as Readonly<Record<string, unknown>>;
    const type = typeof record.type === 'string' ? record.type : '(none)';
    const where = `pk=${String(record.pk)} sk=${String(record.sk)}`;
    const issue = parsed.error.issues[0];
    const detail = issue === undefined ? '' : `: ${issue.path.join('.')} ${issue.message}`;
    throw new UnknownItemError(`Cannot decode item of type ${type} (${where})${detail}`);
  }
  const data = parsed.data;
  switch (data.type) {
    case ItemType.connection: {
      const { pk: _pk, sk: _sk, type: _type, ...value } = data;
      return { type: data.type, value };
    }
    case ItemType.member: {
      const { pk: _pk, sk: _sk, type: _type, ...value } = data;
      return { type: data.type, value };
    }
    case ItemType.message: {
      const { pk: _pk, sk: _sk, type: _type, editedAt, clientMessageId, ...rest } = data;
      const value: Message = {
        ...rest,
        ...(editedAt === undefined ? {} : { editedAt }),
        ...(clientMessageId === undefined ? {} : { clientMessageId }),
      };
      return { type: data.type, value };
    }
    case ItemType.clientMessageId: {
      const { roomId, clientMessageId, messageId } = data;
      return { type: data.type, value: { roomId, clientMessageId, messageId } };
    }
  }
}

/** Decodes an item that must be a message. */
export function fromMessageItem(item: object): Message {
  const decoded = fromItem(item);
  if (decoded.type !== ItemType.message) {
    throw new UnknownItemError(`Expected a message item, got ${decoded.type}`);
  }
  return decoded.value;
}

/** Decodes an item that must be a room membership. */
export function fromMemberItem(item: object): RoomMember {
  const decoded = fromItem(item);
  if (decoded.type !== ItemType.member) {
    throw new UnknownItemError(`Expected a member item, got ${decoded.type}`);
  }
  return decoded.value;
}

/** Decodes an item that must be a connection. */
export function fromConnectionItem(item: object): Connection {
  const decoded = fromItem(item);
  if (decoded.type !== ItemType.connection) {
    throw new UnknownItemError(`Expected a connection item, got ${decoded.type}`);
  }
  return decoded.value;
}
