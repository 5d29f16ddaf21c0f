import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChatError,
  ClientActionName,
  DEFAULT_HISTORY_PAGE,
  ErrorCode,
  MAX_FRAME_BYTES,
  MAX_HISTORY_PAGE,
  NotAMemberError,
  parseClientFrame,
  parseServerEvent,
  serializeEvent,
  toErrorEvent,
  type ClientAction,
  type ParseResult,
} from '../../src/index.js';
import { InternalErrorForTest } from '../helpers/errors.js';
import { aMessage } from '../helpers/factories.js';

const messageId = '019ae9c2-7b40-7cc1-8a2e-3c4d5e6f7a8b';

function expectOk(result: ParseResult<ClientAction>): ClientAction {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

function expectCode(result: ParseResult<ClientAction>, code: string): void {
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.error.code).toBe(code);
}

describe('parseClientFrame', () => {
  it.each([
    [{ action: 'join', roomId: 'lobby', name: 'alice' }],
    [{ action: 'join', roomId: 'lobby' }],
    [{ action: 'leave', roomId: 'lobby' }],
    [{ action: 'rename', name: 'bob' }],
    [{ action: 'sendMessage', roomId: 'lobby', text: 'hi', clientMessageId: 'c-1' }],
    [{ action: 'sendMessage', roomId: 'lobby', text: 'hi' }],
    [{ action: 'editMessage', roomId: 'lobby', messageId, text: 'edited' }],
    [{ action: 'deleteMessage', roomId: 'lobby', messageId }],
    [{ action: 'history', roomId: 'lobby', limit: 10, before: messageId }],
    [{ action: 'ping' }],
  ])('accepts %j as a string frame and as an object', (frame) => {
    expect(expectOk(parseClientFrame(JSON.stringify(frame))).action).toBe(frame.action);
    expect(expectOk(parseClientFrame(frame)).action).toBe(frame.action);
  });

  it('covers every action of the protocol in the cases above', () => {
    expect(Object.keys(ClientActionName).sort()).toEqual(
      [
        'deleteMessage',
        'editMessage',
        'history',
        'join',
        'leave',
        'ping',
        'rename',
        'sendMessage',
      ].sort(),
    );
  });

  it('normalises text and names while parsing', () => {
    const send = expectOk(parseClientFrame({ action: 'sendMessage', roomId: 'r', text: '  hi  ' }));
    expect(send).toMatchObject({ text: 'hi' });
    const rename = expectOk(parseClientFrame({ action: 'rename', name: ' Ada   L ' }));
    expect(rename).toMatchObject({ name: 'Ada L' });
  });

  it('applies the default history page size', () => {
    const history = expectOk(parseClientFrame({ action: 'history', roomId: 'r' }));
    expect(history).toMatchObject({ limit: DEFAULT_HISTORY_PAGE });
  });

  it('drops a sender name smuggled into a sendMessage body', () => {
    const send = expectOk(
      parseClientFrame({
        action: 'sendMessage',
        roomId: 'r',
        text: 'hi',
        name: 'admin',
        authorName: 'admin',
      }),
    );
    expect(send).not.toHaveProperty('name');
    expect(send).not.toHaveProperty('authorName');
  });

  it('echoes the requestId of a valid frame', () => {
    expect(expectOk(parseClientFrame({ action: 'ping', requestId: 'r-1' }))).toMatchObject({
      requestId: 'r-1',
    });
  });

  it('answers BAD_JSON for a frame that is not JSON', () => {
    expectCode(parseClientFrame('{"action":'), ErrorCode.BAD_JSON);
  });

  it.each(['[]', '42', 'null', '"join"'])('answers BAD_JSON for the non-object JSON %s', (raw) => {
    expectCode(parseClientFrame(raw), ErrorCode.BAD_JSON);
  });

  it('answers UNKNOWN_ACTION for a missing or unknown action and keeps the requestId', () => {
    expectCode(parseClientFrame({ roomId: 'r' }), ErrorCode.UNKNOWN_ACTION);
    const result = parseClientFrame({ action: 'dance', requestId: 'r-2' });
    expectCode(result, ErrorCode.UNKNOWN_ACTION);
    expect(result).toMatchObject({ requestId: 'r-2' });
  });

  it('does not treat inherited object keys as actions', () => {
    expectCode(parseClientFrame({ action: 'toString' }), ErrorCode.UNKNOWN_ACTION);
    expectCode(parseClientFrame({ action: '__proto__' }), ErrorCode.UNKNOWN_ACTION);
  });

  it('answers UNSUPPORTED_VERSION for another protocol version', () => {
    expectCode(parseClientFrame({ action: 'ping', v: 2 }), ErrorCode.UNSUPPORTED_VERSION);
    expectOk(parseClientFrame({ action: 'ping', v: 1 }));
  });

  it.each([
    ['a missing roomId', { action: 'sendMessage', text: 'hi' }, 'roomId'],
    ['a numeric text', { action: 'sendMessage', roomId: 'r', text: 5 }, 'text'],
    ['an empty text', { action: 'sendMessage', roomId: 'r', text: '   ' }, 'text'],
    ['a bad room id', { action: 'join', roomId: 'no spaces' }, 'roomId'],
    ['a bad message id', { action: 'deleteMessage', roomId: 'r', messageId: 'x' }, 'messageId'],
    [
      'a history limit over the maximum',
      { action: 'history', roomId: 'r', limit: MAX_HISTORY_PAGE + 1 },
      'limit',
    ],
    ['a fractional limit', { action: 'history', roomId: 'r', limit: 1.5 }, 'limit'],
    ['a bad requestId', { action: 'ping', requestId: 'has space' }, 'requestId'],
  ])('answers INVALID_FIELD naming the field for %s', (_why, frame, field) => {
    const result = parseClientFrame(frame);
    expectCode(result, ErrorCode.INVALID_FIELD);
    if (!result.ok) {
      const event = toErrorEvent(result.error);
      expect(event.details?.map((issue) => issue.path)).toContain(field);
    }
  });

  it('answers FRAME_TOO_LARGE for a frame over 32 KB before parsing it', () => {
    const text = 'a'.repeat(MAX_FRAME_BYTES);
    const result = parseClientFrame(JSON.stringify({ action: 'sendMessage', roomId: 'r', text }));
    expectCode(result, ErrorCode.FRAME_TOO_LARGE);
  });

  it('answers FRAME_TOO_LARGE for a 200 KB text', () => {
    const raw = JSON.stringify({
      action: 'sendMessage',
      roomId: 'r',
      text: 'x'.repeat(200 * 1024),
    });
    expectCode(parseClientFrame(raw), ErrorCode.FRAME_TOO_LARGE);
  });

  it('counts the frame limit in bytes: 11 000 three-byte characters are too large', () => {
    const raw = JSON.stringify({ action: 'sendMessage', roomId: 'r', text: '€'.repeat(11_000) });
    expect(raw.length).toBeLessThan(MAX_FRAME_BYTES);
    expectCode(parseClientFrame(raw), ErrorCode.FRAME_TOO_LARGE);
  });

  it('never throws on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (raw) => {
        const result = parseClientFrame(raw);
        expect(typeof result.ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary JSON values and objects shaped like actions', () => {
    const actionLike = fc.record(
      {
        action: fc.oneof(
          fc.constantFrom(...Object.keys(ClientActionName)),
          fc.string(),
          fc.jsonValue(),
        ),
        roomId: fc.oneof(fc.string(), fc.jsonValue()),
        text: fc.oneof(fc.string(), fc.jsonValue()),
        name: fc.oneof(fc.string(), fc.jsonValue()),
        messageId: fc.oneof(fc.uuid({ version: 7 }), fc.jsonValue()),
        limit: fc.oneof(fc.integer(), fc.jsonValue()),
        requestId: fc.oneof(fc.string(), fc.jsonValue()),
        v: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), actionLike, fc.anything()), (value) => {
        const asObject = parseClientFrame(value);
        expect(typeof asObject.ok).toBe('boolean');
        if (!asObject.ok) expect(asObject.error).toBeInstanceOf(ChatError);
        let raw: string | undefined;
        try {
          raw = JSON.stringify(value);
        } catch {
          raw = undefined; // BigInt and cycles cannot be frames
        }
        if (raw !== undefined) expect(typeof parseClientFrame(raw).ok).toBe('boolean');
      }),
      { numRuns: 2000 },
    );
  });
});

describe('toErrorEvent', () => {
  it('carries the stable code, the message and the requestId', () => {
    expect(
      toErrorEvent(new NotAMemberError('lobby'), { requestId: 'r-1', action: 'sendMessage' }),
    ).toEqual({
      type: 'error',
      code: 'NOT_A_MEMBER',
      message: 'Join room "lobby" first.',
      action: 'sendMessage',
      requestId: 'r-1',
    });
  });

  it('does not leak the message of an internal error', () => {
    const event = toErrorEvent(new InternalErrorForTest('table chat-prod is throttled'));
    expect(event).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Internal error.' });
  });
});

describe('parseServerEvent', () => {
  it('accepts what the server serialises', () => {
    const event = { type: 'message.created' as const, message: aMessage() };
    const result = parseServerEvent(serializeEvent(event));
    expect(result).toEqual({ ok: true, value: event });
  });

  it('rejects an event of an unknown type without throwing', () => {
    expect(parseServerEvent('{"type":"party"}').ok).toBe(false);
    expect(parseServerEvent('not json').ok).toBe(false);
  });
});
