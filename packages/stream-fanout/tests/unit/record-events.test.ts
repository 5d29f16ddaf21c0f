import {
  toClientMessageIdItem,
  toConnectionItem,
  toMemberItem,
  toMessageItem,
  toTombstone,
  type Connection,
} from '@chat/domain';
import { describe, expect, it } from 'vitest';
import {
  ChangeKind,
  decodeRecord,
  isTtlDeletion,
  partitionKeyOf,
} from '../../src/record-events.js';
import { aMember, aMessage } from '../helpers/entities.js';
import { image, RecordFactory } from '../helpers/stream-records.js';

const records = new RecordFactory();

const connection: Connection = {
  connectionId: 'c1',
  userId: 'user-c1',
  name: 'Ada',
  connectedAt: '2025-01-15T12:00:00.000Z',
  sourceIp: '203.0.113.7',
  userAgent: 'test',
  expiresAt: 1_736_950_000,
};

describe('decodeRecord: messages', () => {
  it('turns a message INSERT into message.created carrying the stored message', () => {
    const message = aMessage('lobby', { clientMessageId: 'cm-1' });

    const change = decodeRecord(records.insert(toMessageItem(message)));

    expect(change).toEqual({
      kind: ChangeKind.message,
      roomId: 'lobby',
      event: { type: 'message.created', message },
    });
  });

  it('turns a MODIFY that changed the text into message.updated with the new text', () => {
    const before = aMessage('lobby');
    const after = { ...before, text: 'edited', editedAt: '2025-01-15T12:05:00.000Z' };

    const change = decodeRecord(records.modify(toMessageItem(before), toMessageItem(after)));

    expect(change).toEqual({
      kind: ChangeKind.message,
      roomId: 'lobby',
      event: { type: 'message.updated', message: after },
    });
  });

  it('turns a MODIFY into a tombstone into message.deleted with the tombstone', () => {
    const before = aMessage('lobby');
    const tombstone = toTombstone(before, '2025-01-15T12:06:00.000Z');

    const change = decodeRecord(records.modify(toMessageItem(before), toMessageItem(tombstone)));

    expect(change).toEqual({
      kind: ChangeKind.message,
      roomId: 'lobby',
      event: { type: 'message.deleted', message: tombstone },
    });
  });

  it('ignores a MODIFY that left the text unchanged', () => {
    const before = aMessage('lobby');
    const after = { ...before, editedAt: '2025-01-15T12:05:00.000Z' };

    const change = decodeRecord(records.modify(toMessageItem(before), toMessageItem(after)));

    expect(change).toEqual({ kind: ChangeKind.ignored, reason: 'the message text did not change' });
  });

  it('ignores a MODIFY of a message that was already a tombstone', () => {
    const tombstone = toTombstone(aMessage('lobby'), '2025-01-15T12:06:00.000Z');
    const again = { ...tombstone, editedAt: '2025-01-15T12:07:00.000Z' };

    const change = decodeRecord(records.modify(toMessageItem(tombstone), toMessageItem(again)));

    expect(change.kind).toBe(ChangeKind.ignored);
  });

  it('ignores the REMOVE of a message item (deletes leave tombstones)', () => {
    const change = decodeRecord(records.remove(toMessageItem(aMessage('lobby'))));

    expect(change.kind).toBe(ChangeKind.ignored);
  });
});

describe('decodeRecord: memberships', () => {
  it('turns a member INSERT into presence joined without the connection id', () => {
    const member = aMember('lobby', 'L0SM9cOFvHcCIhw=', { userId: 'user-ada', name: 'Ada' });

    const change = decodeRecord(records.insert(toMemberItem(member)));

    expect(change).toEqual({
      kind: ChangeKind.membership,
      roomId: 'lobby',
      membership: { before: undefined, after: member },
      event: {
        type: 'presence',
        roomId: 'lobby',
        change: 'joined',
        member: { userId: 'user-ada', name: 'Ada', joinedAt: member.joinedAt },
      },
    });
    const event = change.kind === ChangeKind.membership ? change.event : undefined;
    expect(JSON.stringify(event)).not.toContain('L0SM9cOFvHcCIhw=');
  });

  it('turns a member MODIFY with a new name into presence renamed with the new name', () => {
    const before = aMember('lobby', 'c1', { name: 'Ada' });
    const after = { ...before, name: 'Ada L.' };

    const change = decodeRecord(records.modify(toMemberItem(before), toMemberItem(after)));

    expect(change).toMatchObject({
      kind: ChangeKind.membership,
      membership: { before, after },
      event: { type: 'presence', change: 'renamed', member: { name: 'Ada L.' } },
    });
  });

  it('keeps a member MODIFY that changed nothing visible as a membership change without event', () => {
    const before = aMember('lobby', 'c1');
    const after = { ...before, expiresAt: before.expiresAt + 60 };

    const change = decodeRecord(records.modify(toMemberItem(before), toMemberItem(after)));

    expect(change).toEqual({
      kind: ChangeKind.membership,
      roomId: 'lobby',
      membership: { before, after },
      event: undefined,
    });
  });

  it('turns a member REMOVE by a user into presence left with reason left', () => {
    const member = aMember('lobby', 'c1');

    const change = decodeRecord(records.remove(toMemberItem(member)));

    expect(change).toMatchObject({
      kind: ChangeKind.membership,
      membership: { before: member, after: undefined },
      event: { type: 'presence', change: 'left', reason: 'left', member: { userId: 'user-c1' } },
    });
  });

  it('turns a member REMOVE by DynamoDB TTL into presence left with reason expired', () => {
    const member = aMember('lobby', 'c1');

    const change = decodeRecord(records.remove(toMemberItem(member), { ttl: true }));

    expect(change).toMatchObject({
      kind: ChangeKind.membership,
      event: { type: 'presence', change: 'left', reason: 'expired' },
    });
  });
});

describe('decodeRecord: items without events', () => {
  it.each([
    ['INSERT', () => records.insert(toConnectionItem(connection))],
    [
      'MODIFY',
      () =>
        records.modify(
          toConnectionItem(connection),
          toConnectionItem({ ...connection, name: 'B' }),
        ),
    ],
    ['REMOVE', () => records.remove(toConnectionItem(connection), { ttl: true })],
  ])('ignores a connection item %s', (_name, build) => {
    expect(decodeRecord(build()).kind).toBe(ChangeKind.ignored);
  });

  it('ignores a clientMessageId item', () => {
    const message = aMessage('lobby');
    const item = toClientMessageIdItem('lobby', 'cm-1', message.id, 1_736_950_000);

    expect(decodeRecord(records.insert(item)).kind).toBe(ChangeKind.ignored);
  });
});

describe('decodeRecord: undecodable records', () => {
  const keys = { pk: 'ROOM#lobby', sk: 'MSG#x' };

  it('reports an item of an unknown type as undecodable with the reason', () => {
    const change = decodeRecord(
      records.raw('INSERT', keys, { NewImage: image({ ...keys, type: 'reaction' }) }),
    );

    expect(change.kind).toBe(ChangeKind.undecodable);
    expect(change.kind === ChangeKind.undecodable && change.reason).toContain('reaction');
  });

  it('reports a message item missing a field as undecodable', () => {
    const { text: _text, ...broken } = toMessageItem(aMessage('lobby'));

    const change = decodeRecord(records.raw('INSERT', keys, { NewImage: image(broken) }));

    expect(change.kind).toBe(ChangeKind.undecodable);
    expect(change.kind === ChangeKind.undecodable && change.reason).toContain('text');
  });

  it('reports a malformed attribute value as undecodable', () => {
    const change = decodeRecord(
      records.raw('INSERT', keys, {
        NewImage: { pk: { S: 'ROOM#lobby' }, n: { N: 'x'.repeat(3) } },
      }),
    );

    expect(change.kind).toBe(ChangeKind.undecodable);
  });

  it('reports an INSERT without NewImage and a REMOVE without OldImage as undecodable', () => {
    expect(decodeRecord(records.raw('INSERT', keys, {})).kind).toBe(ChangeKind.undecodable);
    expect(decodeRecord(records.raw('REMOVE', keys, {})).kind).toBe(ChangeKind.undecodable);
  });

  it('reports an unknown eventName as undecodable', () => {
    const record = { ...records.insert(toMessageItem(aMessage('lobby'))), eventName: undefined };

    expect(decodeRecord(record).kind).toBe(ChangeKind.undecodable);
  });

  it('reports an item that changed type as undecodable', () => {
    const member = toMemberItem(aMember('lobby', 'c1'));
    const message = { ...toMessageItem(aMessage('lobby')), pk: member.pk, sk: member.sk };

    expect(decodeRecord(records.modify(member, message)).kind).toBe(ChangeKind.undecodable);
  });
});

describe('isTtlDeletion and partitionKeyOf', () => {
  it('recognises only REMOVEs by the DynamoDB service principal as TTL deletions', () => {
    const item = toMemberItem(aMember('lobby', 'c1'));

    expect(isTtlDeletion(records.remove(item, { ttl: true }))).toBe(true);
    expect(isTtlDeletion(records.remove(item))).toBe(false);
    expect(
      isTtlDeletion({
        ...records.remove(item),
        userIdentity: { type: 'Service', principalId: 'lambda.amazonaws.com' },
      }),
    ).toBe(false);
  });

  it('also reads the DynamoDB Streams API spelling of the TTL identity', () => {
    const record = {
      ...records.remove(toMemberItem(aMember('lobby', 'c1'))),
      userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
    };

    expect(isTtlDeletion(record)).toBe(true);
    expect(decodeRecord(record)).toMatchObject({ event: { reason: 'expired' } });
  });

  it('reads the partition key from the record keys', () => {
    const record = records.insert(toMemberItem(aMember('lobby', 'c1')));

    expect(partitionKeyOf(record)).toBe('ROOM#lobby');
    expect(partitionKeyOf({ dynamodb: {} })).toBeUndefined();
  });
});
