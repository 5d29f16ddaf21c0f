import { describe, expect, it } from 'vitest';
import {
  BY_CONNECTION_INDEX,
  chatTable,
  clientMessageIdKey,
  connectionKey,
  keyAttributes,
  memberIndexKey,
  memberKey,
  messageKey,
  roomIdFromPartition,
  toMemberItem,
} from '../../src/index.js';
import { aMember } from '../helpers/factories.js';

describe('chatTable', () => {
  it('streams old and new images, expires items on expiresAt and bills on demand', () => {
    expect(chatTable).toMatchObject({
      streamViewType: 'NEW_AND_OLD_IMAGES',
      timeToLiveAttribute: 'expiresAt',
      billingMode: 'PAY_PER_REQUEST',
    });
  });

  it('declares every key attribute the codecs write', () => {
    const names = keyAttributes().map((attribute) => attribute.name);
    expect(names).toEqual(['pk', 'sk', 'gsi1pk', 'gsi1sk']);
    const item = toMemberItem(aMember());
    for (const name of names) expect(item).toHaveProperty(name);
  });

  it('has the byConnection index the disconnect path queries', () => {
    expect(chatTable.globalSecondaryIndexes.map((index) => index.name)).toEqual([
      BY_CONNECTION_INDEX,
    ]);
  });
});

describe('key schema', () => {
  it('sorts a room partition as client ids, then members, then messages', () => {
    const keys = [
      messageKey('r', '019ae9c2-7b40-7cc1-8a2e-3c4d5e6f7a8b').sk,
      memberKey('r', 'c').sk,
      clientMessageIdKey('r', 'x').sk,
    ].sort();
    expect(keys.map((sk) => sk.split('#')[0])).toEqual(['CMID', 'MEMBER', 'MSG']);
  });

  it('indexes a membership under the connection partition', () => {
    expect(memberIndexKey('r', 'c')).toEqual({ gsi1pk: connectionKey('c').pk, gsi1sk: 'ROOM#r' });
  });

  it('reads the room id back from a room partition and nothing else', () => {
    expect(roomIdFromPartition(memberKey('lobby', 'c').pk)).toBe('lobby');
    expect(roomIdFromPartition(connectionKey('c').pk)).toBeUndefined();
  });
});
