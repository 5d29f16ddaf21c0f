import { describe, expect, it } from 'vitest';
import { displayNameSchema, ErrorCode, type FieldIssue } from '@chat/domain';
import {
  frameOf,
  headerOf,
  jsonBodyOf,
  parseField,
  roomIdOf,
  type HttpEvent,
} from '../../src/events.js';
import { logKeysOf } from '../../src/invocation.js';
import {
  connectEvent,
  errorCodeOf,
  httpEvent,
  messageEvent,
  newConnectionId,
} from '../../src/testing/index.js';

const post = (body: string): HttpEvent =>
  httpEvent('POST', '/rooms/{roomId}/messages', { roomId: 'lobby' }, { body });

describe('frameOf', () => {
  it('returns the frame as sent, and decodes a base64-encoded one', () => {
    const event = messageEvent(newConnectionId(), 'ping', '{"action":"ping"}');
    const encoded = {
      ...event,
      body: Buffer.from('{"action":"ping"}').toString('base64'),
      isBase64Encoded: true,
    };

    expect(frameOf(event)).toBe('{"action":"ping"}');
    expect(frameOf(encoded)).toBe('{"action":"ping"}');
  });
});

describe('jsonBodyOf', () => {
  it('parses a JSON object body', () => {
    expect(jsonBodyOf(post('{"text":"hi"}'))).toEqual({ text: 'hi' });
  });

  it('refuses a body that is not JSON, or JSON but not an object, with BAD_JSON', async () => {
    for (const body of ['{text', '[1,2]', 'null', '"hi"']) {
      expect(await errorCodeOf(Promise.resolve().then(() => jsonBodyOf(post(body))))).toBe(
        ErrorCode.BAD_JSON,
      );
    }
  });
});

describe('parseField', () => {
  it('returns the parsed value, or collects the issues under the field path', () => {
    const issues: FieldIssue[] = [];

    const good = parseField(displayNameSchema, '  Ada   Lovelace ', 'name', issues);
    const bad = parseField(displayNameSchema, 'x'.repeat(40), 'botName', issues);

    expect(good).toBe('Ada Lovelace');
    expect(bad).toBeUndefined();
    expect(issues).toHaveLength(1);
    expect(issues[0]?.path).toBe('botName');
  });
});

describe('headerOf', () => {
  it('finds a header whatever the case of its name', () => {
    const event = connectEvent(newConnectionId());

    expect(headerOf(event, 'user-agent')).toBe(headerOf(event, 'USER-AGENT'));
    expect(headerOf(event, 'user-agent')).toMatch(/chat-tests/);
    expect(headerOf(event, 'x-missing')).toBeUndefined();
  });
});

describe('roomIdOf', () => {
  it('reads the roomId path parameter, and refuses a malformed one with INVALID_FIELD', async () => {
    const path = '/rooms/{roomId}/members';

    expect(roomIdOf(httpEvent('GET', path, { roomId: 'lobby' }))).toBe('lobby');
    expect(
      await errorCodeOf(
        Promise.resolve().then(() => roomIdOf(httpEvent('GET', path, { roomId: 'no spaces!' }))),
      ),
    ).toBe(ErrorCode.INVALID_FIELD);
  });
});

describe('logKeysOf', () => {
  it('names the connection, request and route of a WebSocket event, and the request and route of an HTTP one', () => {
    const connectionId = newConnectionId();
    const ws = connectEvent(connectionId);
    const http = httpEvent('GET', '/rooms/{roomId}/members', { roomId: 'lobby' });

    expect(logKeysOf(ws)).toEqual({
      connectionId,
      requestId: ws.requestContext.requestId,
      routeKey: '$connect',
    });
    expect(logKeysOf(http)).toEqual({
      requestId: http.requestContext.requestId,
      routeKey: 'GET /rooms/{roomId}/members',
    });
  });
});
