import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fromConnectionItem,
  fromItem,
  fromMemberItem,
  fromMessageItem,
  ItemType,
  toClientMessageIdItem,
  toConnectionItem,
  toMemberItem,
  toMessageItem,
  UnknownItemError,
} from '../../src/index.js';
import { connectionArb, memberArb, messageArb } from '../helpers/arbitraries.js';
import { aConnection, aMember, aMessage } from '../helpers/factories.js';

describe('toConnectionItem', () => {
  it('keys the connection under its own partition with the connection sort key', () => {
    const item = toConnectionItem(aConnection());
    expect(item).toMatchObject({ pk: 'CONN#Ab3dEf7hIj0=', sk: 'CONN', type: 'connection' });
    expect(item.expiresAt).toBe(aConnection().expiresAt);
  });
});

describe('toMemberItem', () => {
  it('keys the membership under the room and indexes it under the connection', () => {
    expect(toMemberItem(aMember())).toMatchObject({
      pk: 'ROOM#lobby',
      sk: 'MEMBER#Ab3dEf7hIj0=',
      gsi1pk: 'CONN#Ab3dEf7hIj0=',
      gsi1sk: 'ROOM#lobby',
      type: 'member',
    });
  });
});

describe('toMessageItem', () => {
  it('keys the message under the room by its time-ordered id', () => {
    expect(toMessageItem(aMessage())).toMatchObject({
      pk: 'ROOM#lobby',
      sk: 'MSG#019ae9c2-7b40-7cc1-8a2e-3c4d5e6f7a8b',
      type: 'message',
    });
  });

  it('writes no attribute for an absent editedAt or clientMessageId', () => {
    const item = toMessageItem(aMessage());
    expect(Object.keys(item)).not.toContain('editedAt');
    expect(Object.keys(item)).not.toContain('clientMessageId');
  });
});

describe('fromItem', () => {
  it('round-trips every connection', () => {
    fc.assert(
      fc.property(connectionArb, (connection) => {
        expect(fromConnectionItem(toConnectionItem(connection))).toEqual(connection);
      }),
    );
  });

  it('round-trips every membership and drops the index keys', () => {
    fc.assert(
      fc.property(memberArb, (member) => {
        expect(fromMemberItem(toMemberItem(member))).toEqual(member);
      }),
    );
  });

  it('round-trips every message, optional fields included or not', () => {
    fc.assert(
      fc.property(messageArb, (message) => {
        expect(fromMessageItem(toMessageItem(message))).toEqual(message);
      }),
    );
  });

  it('round-trips through JSON, as items travel through DynamoDB', () => {
    fc.assert(
      fc.property(messageArb, (message) => {
        const stored: unknown = JSON.parse(JSON.stringify(toMessageItem(message)));
        expect(fromItem(stored as Record<string, unknown>)).toEqual({
          type: ItemType.message,
          value: message,
        });
      }),
    );
  });

  it('decodes a client message id record', () => {
    const item = toClientMessageIdItem('lobby', 'c-1', '019ae9c2-7b40-7cc1-8a2e-3c4d5e6f7a8b', 100);
    expect(item).toMatchObject({ pk: 'ROOM#lobby', sk: 'CMID#c-1' });
    expect(fromItem(item)).toEqual({
      type: ItemType.clientMessageId,
      value: {
        roomId: 'lobby',
        clientMessageId: 'c-1',
        messageId: '019ae9c2-7b40-7cc1-8a2e-3c4d5e6f7a8b',
      },
    });
  });

  it('names the type and key of an item of unknown type', () => {
    expect(() => fromItem({ pk: 'X#1', sk: 'Y', type: 'invoice' })).toThrow(UnknownItemError);
    expect(() => fromItem({ pk: 'X#1', sk: 'Y', type: 'invoice' })).toThrow(
      /type invoice \(pk=X#1 sk=Y\)/,
    );
  });

  it('rejects an item without a type', () => {
    expect(() => fromItem({ pk: 'ROOM#lobby', sk: 'MSG#1' })).toThrow(/type \(none\)/);
  });

  it('names the field of a malformed known item', () => {
    const broken = { ...toMessageItem(aMessage()), deleted: 'no' };
    expect(() => fromItem(broken)).toThrow(/deleted/);
  });

  it('refuses to decode a member as a message', () => {
    expect(() => fromMessageItem(toMemberItem(aMember()))).toThrow(/Expected a message item/);
  });

  it('never throws anything but UnknownItemError on arbitrary objects', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (item) => {
        try {
          fromItem(item);
        } catch (error) {
          expect(error).toBeInstanceOf(UnknownItemError);
        }
      }),
    );
  });
});
