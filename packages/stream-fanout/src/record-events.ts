/**
 * Stream records → domain events. Pure: a record's images are unmarshalled with
 * `@aws-sdk/util-dynamodb`, decoded with the domain's `fromItem`, and compared.
 *
 * | item | INSERT | MODIFY | REMOVE |
 * |---|---|---|---|
 * | message | `message.created` | `message.deleted` when it became a tombstone; `message.updated` when its text changed; else nothing | nothing (deletes leave tombstones) |
 * | member | `presence` `joined` | `presence` `renamed` when its name changed; else nothing | `presence` `left`, reason `expired` for a TTL deletion, else `left` |
 * | connection, clientMessageId | nothing | nothing | nothing |
 */
import {
  fromItem,
  ItemType,
  LeaveReason,
  PresenceChange,
  ServerEventType,
  TableAttribute,
  toPublicMember,
  type DecodedItem,
  type Message,
  type MessageEvent,
  type PresenceEvent,
  type RoomMember,
} from '@chat/domain';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StreamImage, StreamRecord } from './types.js';

/** What a record means to the fan-out. */
export const ChangeKind = {
  /** A message event for the room's members. */
  message: 'message',
  /** A membership changed; `event` is the presence event to send, if any. */
  membership: 'membership',
  /** Nothing to send (other item types, changes clients cannot see). */
  ignored: 'ignored',
  /** The record or its item could not be decoded: skipped, never retried. */
  undecodable: 'undecodable',
} as const;

export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];

/** One membership before and after a change; `undefined` where it did not exist. */
export interface MembershipChange {
  readonly before: RoomMember | undefined;
  readonly after: RoomMember | undefined;
}

/** The decoded meaning of one stream record. */
export type RecordChange =
  | {
      readonly kind: typeof ChangeKind.message;
      readonly roomId: string;
      readonly event: MessageEvent;
    }
  | {
      readonly kind: typeof ChangeKind.membership;
      readonly roomId: string;
      readonly membership: MembershipChange;
      readonly event: PresenceEvent | undefined;
    }
  | { readonly kind: typeof ChangeKind.ignored; readonly reason: string }
  | { readonly kind: typeof ChangeKind.undecodable; readonly reason: string };

/** DynamoDB's own identity on the records of items its TTL process deleted. */
const TTL_PRINCIPAL = { type: 'Service', principalId: 'dynamodb.amazonaws.com' } as const;

/**
 * Whether the record is DynamoDB's TTL process deleting an expired item. Reads Lambda's
 * `userIdentity` (`type`, `principalId`) and also the DynamoDB Streams API's spelling
 * (`Type`, `PrincipalId`), so a poller may pass `GetRecords` output through unchanged.
 */
export function isTtlDeletion(record: StreamRecord): boolean {
  const identity = record.userIdentity;
  if (record.eventName !== 'REMOVE' || typeof identity !== 'object' || identity === null) {
    return false;
  }
  const fields = identity as Record<string, unknown>;
  const type = fields.type ?? fields.Type;
  const principalId = fields.principalId ?? fields.PrincipalId;
  return type === TTL_PRINCIPAL.type && principalId === TTL_PRINCIPAL.principalId;
}

/**
 * The record's partition key (`pk`) as written in its `Keys`, without decoding the item.
 * Records of one room share it, which is what keeps a room's records in order.
 */
export function partitionKeyOf(record: StreamRecord): string | undefined {
  const pk = record.dynamodb?.Keys?.[TableAttribute.partitionKey]?.S;
  return typeof pk === 'string' ? pk : undefined;
}

/**
 * Decodes one stream record into what it means for the room's members. Never throws: a
 * record that cannot be decoded is reported as `undecodable` with the reason.
 */
export function decodeRecord(record: StreamRecord): RecordChange {
  try {
    return decodeOrThrow(record);
  } catch (error) {
    return {
      kind: ChangeKind.undecodable,
      reason: error instanceof Error ? error.message : String(error),
    };
  }
}

function decodeOrThrow(record: StreamRecord): RecordChange {
  const { eventName } = record;
  if (eventName !== 'INSERT' && eventName !== 'MODIFY' && eventName !== 'REMOVE') {
    throw new Error(`Unknown eventName ${String(eventName)}`);
  }
  const before = decodeImage(record.dynamodb?.OldImage);
  const after = decodeImage(record.dynamodb?.NewImage);
  if (eventName !== 'REMOVE' && after === undefined) {
    throw new Error(`${eventName} record without a NewImage`);
  }
  if (eventName === 'REMOVE' && before === undefined) {
    throw new Error('REMOVE record without an OldImage');
  }
  const item = after ?? before;
  if (item === undefined) throw new Error('Record without an image');
  if (before !== undefined && after !== undefined && before.type !== after.type) {
    throw new Error(`Item changed type from ${before.type} to ${after.type}`);
  }

  switch (item.type) {
    case ItemType.message:
      return messageChange(
        eventName,
        before?.type === ItemType.message ? before.value : undefined,
        after?.type === ItemType.message ? after.value : undefined,
      );
    case ItemType.member:
      return memberChange(
        record,
        before?.type === ItemType.member ? before.value : undefined,
        after?.type === ItemType.member ? after.value : undefined,
      );
    case ItemType.connection:
    case ItemType.clientMessageId:
      return { kind: ChangeKind.ignored, reason: `${item.type} items have no event` };
  }
}

function decodeImage(image: StreamImage | undefined): DecodedItem | undefined {
  if (image === undefined) return undefined;
  // The stream's JSON form is what `unmarshall` reads; only its static type differs (binary
  // values arrive base64-encoded), and the chat's items hold no binary values.
  return fromItem(unmarshall(image as unknown as Record<string, AttributeValue>));
}

function messageChange(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  before: Message | undefined,
  after: Message | undefined,
): RecordChange {
  if (after === undefined) {
    return { kind: ChangeKind.ignored, reason: 'a removed message item has no event' };
  }
  const event = (type: MessageEvent['type']): RecordChange => ({
    kind: ChangeKind.message,
    roomId: after.roomId,
    event: { type, message: after },
  });
  if (eventName === 'INSERT') return event(ServerEventType.messageCreated);
  if (after.deleted) {
    return before?.deleted
      ? { kind: ChangeKind.ignored, reason: 'the message was already deleted' }
      : event(ServerEventType.messageDeleted);
  }
  if (before?.text === after.text && !before.deleted) {
    return { kind: ChangeKind.ignored, reason: 'the message text did not change' };
  }
  return event(ServerEventType.messageUpdated);
}

function memberChange(
  record: StreamRecord,
  before: RoomMember | undefined,
  after: RoomMember | undefined,
): RecordChange {
  const membership = { before, after };
  if (after === undefined) {
    if (before === undefined) throw new Error('Member record without an image');
    const reason = isTtlDeletion(record) ? LeaveReason.expired : LeaveReason.left;
    return {
      kind: ChangeKind.membership,
      roomId: before.roomId,
      membership,
      event: presence(before, PresenceChange.left, reason),
    };
  }
  if (record.eventName === 'INSERT') {
    return {
      kind: ChangeKind.membership,
      roomId: after.roomId,
      membership,
      event: presence(after, PresenceChange.joined),
    };
  }
  const renamed = before !== undefined && before.name !== after.name;
  return {
    kind: ChangeKind.membership,
    roomId: after.roomId,
    membership,
    event: renamed ? presence(after, PresenceChange.renamed) : undefined,
  };
}

function presence(member: RoomMember, change: PresenceChange, reason?: LeaveReason): PresenceEvent {
  return {
    type: ServerEventType.presence,
    roomId: member.roomId,
    change,
    member: toPublicMember(member),
    ...(reason === undefined ? {} : { reason }),
  };
}
