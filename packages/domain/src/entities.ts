/**
 * The entities of the chat and the rules their fields follow. Schemas both validate and
 * normalise: names and text are NFC-normalised and trimmed before their limits apply.
 */
// A namespace import lets bundlers drop what is unused (zod's `z` export pulls in every locale).
import * as z from 'zod';
import {
  MAX_CLIENT_ID_LENGTH,
  MAX_NAME_BYTES,
  MAX_NAME_LENGTH,
  MAX_ROOM_ID_LENGTH,
  MAX_TEXT_BYTES,
} from './constants.js';

const encoder = new TextEncoder();

/** Bytes of `value` in UTF-8, the measure API Gateway and DynamoDB limits use. */
export function utf8Bytes(value: string): number {
  return encoder.encode(value).byteLength;
}

const ROOM_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_.-]{0,${MAX_ROOM_ID_LENGTH - 1}}$`);
const CLIENT_ID = new RegExp(`^[A-Za-z0-9_.:-]{1,${MAX_CLIENT_ID_LENGTH}}$`);
/** Letters, marks, numbers, punctuation, symbols and plain spaces; no controls or separators. */
const NAME_CHARS = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]+$/u;
/** Control characters other than tab and newline, plus lone surrogates. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const TEXT_FORBIDDEN = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]|\p{Cs}/u;
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A room id: 1–64 characters of `A-Z a-z 0-9 _ . -`, starting with a letter or digit. */
export const roomIdSchema = z
  .string()
  .regex(ROOM_ID, 'must be 1-64 characters of A-Z a-z 0-9 _ . - starting with a letter or digit');

/** A display name: trimmed, inner whitespace collapsed, 1–32 characters and at most 64 bytes. */
export const displayNameSchema = z
  .string()
  .transform((value) => value.normalize('NFC').replace(/\s+/gu, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
      .regex(NAME_CHARS, 'may hold letters, digits, punctuation, symbols and spaces only')
      .refine((value) => utf8Bytes(value) <= MAX_NAME_BYTES, {
        error: `must be at most ${MAX_NAME_BYTES} bytes of UTF-8`,
      }),
  );

/** Message text: trimmed, 1 byte to 8 KB of UTF-8, no control characters but tab and newline. */
export const messageTextSchema = z
  .string()
  .transform((value) => value.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1, 'must not be empty')
      .refine((value) => !TEXT_FORBIDDEN.test(value), {
        error: 'must not contain control characters other than tab and newline',
      })
      .refine((value) => utf8Bytes(value) <= MAX_TEXT_BYTES, {
        error: `must be at most ${MAX_TEXT_BYTES} bytes of UTF-8`,
      }),
  );

/** A message id: a lower-case uuid v7. */
export const messageIdSchema = z.string().regex(UUID_V7, 'must be a uuid v7');

/** A client-chosen id (`clientMessageId`, `requestId`): 1–64 of `A-Z a-z 0-9 _ . : -`. */
export const clientIdSchema = z
  .string()
  .regex(CLIENT_ID, `must be 1-${MAX_CLIENT_ID_LENGTH} characters of A-Z a-z 0-9 _ . : -`);

/** ISO-8601 timestamp in UTC with milliseconds, as `Date.prototype.toISOString` writes it. */
export const timestampSchema = z.iso.datetime({ precision: 3 });

/** One open WebSocket connection and the identity the server gave it. */
export interface Connection {
  readonly connectionId: string;
  /** Server-side user id: the authorizer's principal, or a random id per connection. */
  readonly userId: string;
  readonly name: string;
  readonly connectedAt: string;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** Epoch seconds at which DynamoDB's TTL may remove the record. */
  readonly expiresAt: number;
}

/** One connection's membership of one room. */
export interface RoomMember {
  readonly roomId: string;
  readonly connectionId: string;
  readonly userId: string;
  readonly name: string;
  readonly joinedAt: string;
  readonly expiresAt: number;
}

/** A chat message. A deleted message stays as a tombstone with empty text. */
export interface Message {
  readonly id: string;
  readonly roomId: string;
  readonly authorId: string;
  readonly authorName: string;
  readonly text: string;
  readonly createdAt: string;
  readonly editedAt?: string;
  readonly deleted: boolean;
  readonly clientMessageId?: string;
}

/** What other clients may see of a member: never the connection id. */
export interface PublicMember {
  readonly userId: string;
  readonly name: string;
  readonly joinedAt: string;
}

/** The public view of a membership. */
export function toPublicMember(member: RoomMember): PublicMember {
  return { userId: member.userId, name: member.name, joinedAt: member.joinedAt };
}

export const publicMemberSchema = z.object({
  userId: z.string().min(1),
  name: z.string(),
  joinedAt: timestampSchema,
});

export const messageSchema = z.object({
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

/** The tombstone a deleted message leaves: same id and author, no text. */
export function toTombstone(message: Message, deletedAt: string): Message {
  const { clientMessageId } = message;
  return {
    id: message.id,
    roomId: message.roomId,
    authorId: message.authorId,
    authorName: message.authorName,
    text: '',
    createdAt: message.createdAt,
    editedAt: deletedAt,
    deleted: true,
    ...(clientMessageId === undefined ? {} : { clientMessageId }),
  };
}
