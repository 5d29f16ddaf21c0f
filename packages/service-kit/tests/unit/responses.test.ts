import { describe, expect, it } from 'vitest';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  ClientActionName,
  ErrorCode,
  InvalidFieldError,
  MessageNotFoundError,
  NotAMemberError,
  ServerEventType,
  type ClientAction,
  type PingAction,
} from '@chat/domain';
import {
  answerHttp,
  answerWithStatus,
  httpStatusOf,
  replyToFrame,
  toChatError,
} from '../../src/responses.js';
import { messageEvent, newConnectionId, replyOf } from '../../src/testing/index.js';

const logger = new Logger({ serviceName: 'service-kit-tests', logLevel: 'SILENT' });

const isPing = (action: ClientAction): action is PingAction =>
  action.action === ClientActionName.ping;
/** A frame on `routeKey`, as the gateway passes it on. */
const frame = (routeKey: string, body: string) => messageEvent(newConnectionId(), routeKey, body);
const pong = () =>
  Promise.resolve({ type: ServerEventType.pong, serverTime: '2025-01-01T00:00:00.000Z' });

describe('replyToFrame', () => {
  it('replies with the event the action produced', async () => {
    const result = await replyToFrame(frame('ping', '{"action":"ping"}'), isPing, pong, logger);

    expect(replyOf(result)).toEqual({ type: 'pong', serverTime: '2025-01-01T00:00:00.000Z' });
  });

  it('answers a frame that is not JSON with a BAD_JSON error event', async () => {
    const result = await replyToFrame(frame('ping', '{nope'), isPing, pong, logger);

    expect(replyOf(result)).toMatchObject({ type: 'error', code: ErrorCode.BAD_JSON });
  });

  it('answers a valid action on another route with UNKNOWN_ACTION and echoes its requestId', async () => {
    const body = JSON.stringify({ action: 'ping', requestId: 'r-1' });

    const result = await replyToFrame(frame('$default', body), isPing, pong, logger);

    expect(replyOf(result)).toMatchObject({
      type: 'error',
      code: ErrorCode.UNKNOWN_ACTION,
      action: 'ping',
      requestId: 'r-1',
    });
  });

  it('turns a domain error of the action into its error event, and anything else into INTERNAL_ERROR', async () => {
    const event = frame('ping', JSON.stringify({ action: 'ping', requestId: 'r-2' }));

    const refused = await replyToFrame(
      event,
      isPing,
      () => Promise.reject(new NotAMemberError('lobby')),
      logger,
    );
    const failed = await replyToFrame(
      event,
      isPing,
      () => Promise.reject(new Error('socket hang up at 10.0.0.7')),
      logger,
    );

    expect(replyOf(refused)).toMatchObject({ code: ErrorCode.NOT_A_MEMBER, requestId: 'r-2' });
    expect(replyOf(failed)).toEqual({
      type: 'error',
      code: ErrorCode.INTERNAL_ERROR,
      message: 'Internal error.',
      action: 'ping',
      requestId: 'r-2',
    });
  });
});

describe('answerWithStatus', () => {
  it('answers 200, 400 for an invalid field, and 500 for anything unexpected, with no body', async () => {
    const invalid = new InvalidFieldError([{ path: 'name', message: 'too long' }]);

    const results = await Promise.all([
      answerWithStatus(() => Promise.resolve(), logger),
      answerWithStatus(() => Promise.reject(invalid), logger),
      answerWithStatus(() => Promise.reject(new Error('boom')), logger),
    ]);

    expect(results).toEqual([{ statusCode: 200 }, { statusCode: 400 }, { statusCode: 500 }]);
  });
});

describe('answerHttp', () => {
  it('answers JSON with the status run chose', async () => {
    const result = await answerHttp(
      () => Promise.resolve({ statusCode: 201, body: { ok: true } }),
      logger,
    );

    expect(result).toEqual({
      statusCode: 201,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: '{"ok":true}',
    });
  });

  it('maps a domain error to its status and { code, message, details }', async () => {
    const invalid = new InvalidFieldError([{ path: 'roomId', message: 'bad' }]);

    const result = await answerHttp(() => Promise.reject(invalid), logger);

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toEqual({
      code: ErrorCode.INVALID_FIELD,
      message: invalid.message,
      details: [{ path: 'roomId', message: 'bad' }],
    });
  });

  it('answers an unexpected error 500 without its cause', async () => {
    const result = await answerHttp(
      () => Promise.reject(new Error('ConditionalCheckFailed on table prod-chat')),
      logger,
    );

    expect(result.statusCode).toBe(500);
    expect(JSON.parse(result.body)).toEqual({
      code: ErrorCode.INTERNAL_ERROR,
      message: 'Internal error.',
    });
  });
});

describe('httpStatusOf', () => {
  it('gives each domain code an HTTP route meets its status, and 500 to the rest', () => {
    expect(
      [
        ErrorCode.BAD_JSON,
        ErrorCode.INVALID_FIELD,
        ErrorCode.FORBIDDEN,
        ErrorCode.NOT_AUTHOR,
        ErrorCode.NOT_A_MEMBER,
        ErrorCode.MESSAGE_NOT_FOUND,
        ErrorCode.MESSAGE_DELETED,
        ErrorCode.INTERNAL_ERROR,
        'SOMETHING_NEW',
      ].map(httpStatusOf),
    ).toEqual([400, 400, 403, 403, 403, 404, 409, 500, 500]);
  });
});

describe('toChatError', () => {
  it('keeps a domain error and hides anything else behind INTERNAL_ERROR', () => {
    const notFound = new MessageNotFoundError('lobby', 'm-1');

    expect(toChatError(notFound, logger)).toBe(notFound);
    expect(toChatError('a thrown string', logger)).toMatchObject({
      code: ErrorCode.INTERNAL_ERROR,
      message: 'Internal error.',
    });
  });
});
