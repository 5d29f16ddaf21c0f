/**
 * Results and errors to responses, in one place for every service. WebSocket message routes
 * are two-way: the reply (an event, or an `error` event) is the route response body.
 * `$connect` and `$disconnect` answer with a status code only; HTTP routes answer JSON.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  ChatError,
  ErrorCode,
  InvalidFieldError,
  parseClientFrame,
  serializeEvent,
  toErrorEvent,
  UnknownActionError,
  type ClientAction,
  type ServerEvent,
} from '@chat/domain';
import { frameOf, type HttpResult, type WebSocketEvent, type WebSocketResult } from './events.js';

/** The reply to a WebSocket frame, returned as the route response. */
export function reply(event: ServerEvent): WebSocketResult {
  return { statusCode: 200, body: serializeEvent(event) };
}

/**
 * The domain error to report for `error`. A `ChatError` is reported as is; anything else is
 * unexpected: it is logged in full and reported as `INTERNAL_ERROR` with no detail.
 */
export function toChatError(error: unknown, logger: Logger): ChatError {
  if (error instanceof ChatError && error.code !== ErrorCode.INTERNAL_ERROR) {
    logger.info('Request refused', { code: error.code, reason: error.message });
    return error;
  }
  logger.error('Request failed', error instanceof Error ? error : String(error));
  return error instanceof ChatError
    ? error
    : new ChatError(ErrorCode.INTERNAL_ERROR, 'Internal error.');
}

/**
 * Answers the frame of a two-way WebSocket route: parses it with the domain's protocol, runs
 * `run` when the frame is a well-formed action of the event's route, and replies with its
 * event or with the `error` event (the frame's `requestId` echoed). A valid action that
 * arrived on another route (e.g. `$default`, because its own route is not deployed) is
 * `UNKNOWN_ACTION`.
 */
export async function replyToFrame<A extends ClientAction>(
  event: WebSocketEvent,
  serves: (action: ClientAction) => action is A,
  run: (action: A) => Promise<ServerEvent>,
  logger: Logger,
): Promise<WebSocketResult> {
  const { routeKey } = event.requestContext;
  const parsed = parseClientFrame(frameOf(event));
  if (!parsed.ok) {
    logger.info('Frame refused', { code: parsed.error.code, reason: parsed.error.message });
    return reply(
      toErrorEvent(parsed.error, { requestId: parsed.requestId, action: parsed.action }),
    );
  }
  const action = parsed.value;
  const context = { requestId: action.requestId, action: action.action };
  if (action.action !== routeKey || !serves(action)) {
    const error = new UnknownActionError(action.action);
    logger.info('Frame refused', { code: error.code, reason: 'no route for this action' });
    return reply(toErrorEvent(error, context));
  }
  logger.appendKeys({ clientRequestId: action.requestId });
  try {
    return reply(await run(action));
  } catch (error: unknown) {
    return reply(toErrorEvent(toChatError(error, logger), context));
  }
}

/**
 * `$connect` and `$disconnect` answer with a status code only: 200 accepts the handshake,
 * a bad query parameter rejects it with 400, anything unexpected is logged and gets 500.
 */
export async function answerWithStatus(
  run: () => Promise<unknown>,
  logger: Logger,
): Promise<WebSocketResult> {
  try {
    await run();
    return { statusCode: 200 };
  } catch (error: unknown) {
    const chatError = toChatError(error, logger);
    return { statusCode: chatError instanceof InvalidFieldError ? 400 : 500 };
  }
}

/** HTTP status of each error code an HTTP route may meet; any other code is a 500. */
const HTTP_STATUS_OF_CODE: Readonly<Partial<Record<ErrorCode, number>>> = {
  [ErrorCode.BAD_JSON]: 400,
  [ErrorCode.INVALID_FIELD]: 400,
  [ErrorCode.FORBIDDEN]: 403,
  [ErrorCode.NOT_AUTHOR]: 403,
  [ErrorCode.NOT_A_MEMBER]: 403,
  [ErrorCode.MESSAGE_NOT_FOUND]: 404,
  [ErrorCode.MESSAGE_DELETED]: 409,
};

/** The HTTP status an error `code` is answered with. */
export function httpStatusOf(code: string): number {
  return HTTP_STATUS_OF_CODE[code as ErrorCode] ?? 500;
}

/** A JSON response. */
export function json(statusCode: number, body: unknown): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(body),
  };
}

/**
 * Answers an HTTP request: `run`'s status and body, or the error as
 * `{ code, message, details? }` with the status its code maps to (500 when unexpected).
 */
export async function answerHttp(
  run: () => Promise<{ statusCode: number; body: unknown }>,
  logger: Logger,
): Promise<HttpResult> {
  try {
    const { statusCode, body } = await run();
    return json(statusCode, body);
  } catch (error: unknown) {
    const { code, message, details } = toErrorEvent(toChatError(error, logger));
    const body = details === undefined ? { code, message } : { code, message, details };
    return json(httpStatusOf(code), body);
  }
}
