import { describe, expect, it } from 'vitest';
import {
  clientIdSchema,
  displayNameSchema,
  MAX_NAME_BYTES,
  MAX_NAME_LENGTH,
  MAX_TEXT_BYTES,
  messageIdSchema,
  messageTextSchema,
  newMessageId,
  roomIdSchema,
  toPublicMember,
  toTombstone,
  utf8Bytes,
} from '../../src/index.js';
import { aMember, aMessage } from '../helpers/factories.js';

describe('roomIdSchema', () => {
  it.each(['lobby', 'a', 'Room_1.x-y', '9'.repeat(64)])('accepts %s', (roomId) => {
    expect(roomIdSchema.safeParse(roomId).success).toBe(true);
  });

  it.each(['', ' lobby', '-lobby', 'lob by', 'lobby#1', 'a'.repeat(65), 'café'])(
    'rejects %j',
    (roomId) => {
      expect(roomIdSchema.safeParse(roomId).success).toBe(false);
    },
  );
});

describe('displayNameSchema', () => {
  it('trims and collapses inner whitespace', () => {
    expect(displayNameSchema.parse('  Ada   \t Lovelace ')).toBe('Ada Lovelace');
  });

  it('normalises to NFC so the same name has one spelling', () => {
    expect(displayNameSchema.parse('Zoe\u0301')).toBe('Zoé');
  });

  it('accepts letters of any script, digits, punctuation and emoji', () => {
    expect(displayNameSchema.parse('李雷 (QA) 🚀')).toBe('李雷 (QA) 🚀');
  });

  it.each([
    ['empty after trimming', '   '],
    ['a control character', 'ali\u0007ce'],
    ['a zero-width joiner', 'a\u200Db'],
    ['too many characters', 'x'.repeat(MAX_NAME_LENGTH + 1)],
  ])('rejects a name with %s', (_why, name) => {
    expect(displayNameSchema.safeParse(name).success).toBe(false);
  });

  it(`rejects a name over ${MAX_NAME_BYTES} bytes even when it has few characters`, () => {
    const name = '€'.repeat(22); // 22 characters, 66 bytes
    expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(utf8Bytes(name)).toBeGreaterThan(MAX_NAME_BYTES);
    expect(displayNameSchema.safeParse(name).success).toBe(false);
  });
});

describe('messageTextSchema', () => {
  it('trims the ends and keeps inner newlines and tabs', () => {
    expect(messageTextSchema.parse('  line 1\n\tline 2  ')).toBe('line 1\n\tline 2');
  });

  it(`accepts exactly ${MAX_TEXT_BYTES} bytes and rejects one more`, () => {
    expect(messageTextSchema.safeParse('a'.repeat(MAX_TEXT_BYTES)).success).toBe(true);
    expect(messageTextSchema.safeParse('a'.repeat(MAX_TEXT_BYTES + 1)).success).toBe(false);
  });

  it('measures the limit in UTF-8 bytes, not characters', () => {
    const text = 'é'.repeat(MAX_TEXT_BYTES / 2 + 1); // 2 bytes each
    expect(messageTextSchema.safeParse(text).success).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['only whitespace', ' \n\t '],
    ['a NUL', 'a\u0000b'],
    ['an escape sequence', 'a\u001b[31mb'],
    ['a lone surrogate', 'a\uD800b'],
  ])('rejects text that is %s', (_why, text) => {
    expect(messageTextSchema.safeParse(text).success).toBe(false);
  });
});

describe('ids', () => {
  it('makes uuid v7 message ids that sort in creation order', () => {
    const ids = Array.from({ length: 200 }, () => newMessageId());
    expect(ids.every((id) => messageIdSchema.safeParse(id).success)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
  });

  it('encodes the given time in the id', () => {
    const earlier = newMessageId(Date.parse('2026-01-01T00:00:00Z'));
    const later = newMessageId(Date.parse('2026-06-01T00:00:00Z'));
    expect(earlier < later).toBe(true);
  });

  it('rejects a uuid v4 as a message id', () => {
    expect(messageIdSchema.safeParse('2b1c6d8e-4f0a-4b5c-9d2e-1f3a5b7c9d0e').success).toBe(false);
  });

  it.each(['a', 'req-1', 'c:1.2_3', 'x'.repeat(64)])('accepts client id %s', (id) => {
    expect(clientIdSchema.safeParse(id).success).toBe(true);
  });

  it.each(['', 'has space', 'x'.repeat(65), 'emoji🙂'])('rejects client id %j', (id) => {
    expect(clientIdSchema.safeParse(id).success).toBe(false);
  });
});

describe('toTombstone', () => {
  it('keeps id, author and creation time, clears the text and marks it deleted', () => {
    const message = aMessage({ clientMessageId: 'c-1' });
    const tombstone = toTombstone(message, '2026-12-04T21:00:00.000Z');
    expect(tombstone).toEqual({
      ...message,
      text: '',
      deleted: true,
      editedAt: '2026-12-04T21:00:00.000Z',
    });
  });
});

describe('toPublicMember', () => {
  it('never exposes the connection id', () => {
    const member = toPublicMember(aMember());
    expect(member).toEqual({
      userId: aMember().userId,
      name: 'alice',
      joinedAt: aMember().joinedAt,
    });
    expect(JSON.stringify(member)).not.toContain(aMember().connectionId);
  });
});
