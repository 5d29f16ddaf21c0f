/**
 * The log keys of one Lambda invocation, set in one place: every line a handler logs names
 * the gateway's `requestId` and the `routeKey`, and on WebSocket routes the `connectionId`.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import type { HttpEvent, HttpResult, WebSocketEvent, WebSocketResult } from './events.js';

/** The keys that identify `event` in the logs. */
export function logKeysOf(event: WebSocketEvent | HttpEvent): Record<string, string> {
  if (isWebSocketEvent(event)) {
    const { connectionId, requestId, routeKey } = event.requestContext;
    return { connectionId, requestId, routeKey };
  }
  return { requestId: event.requestContext.requestId, routeKey: event.routeKey };
}

function isWebSocketEvent(event: WebSocketEvent | HttpEvent): event is WebSocketEvent {
  return 'connectionId' in event.requestContext;
}

/**
 * Runs one invocation with `logger` keyed to `event` (and to the Lambda `context` when
 * there is one), and clears the keys afterwards: a warm container serves the next event
 * with the same logger.
 */
export async function withInvocationLog<T>(
  logger: Logger,
  event: WebSocketEvent | HttpEvent,
  context: Context | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (context !== undefined) logger.addContext(context);
  logger.appendKeys(logKeysOf(event));
  try {
    return await run();
  } finally {
    logger.resetKeys();
  }
}

/** A Lambda handler of WebSocket routes, as API Gateway invokes it. */
export type WebSocketHandler = (
  event: WebSocketEvent,
  context?: Context,
) => Promise<WebSocketResult>;

/** A Lambda handler of HTTP API routes, as API Gateway invokes it. */
export type HttpHandler = (event: HttpEvent, context?: Context) => Promise<HttpResult>;

/** The Lambda handler that answers each WebSocket event with `route`, logged per invocation. */
export function webSocketHandler(
  logger: Logger,
  route: (event: WebSocketEvent) => Promise<WebSocketResult>,
): WebSocketHandler {
  return (event, context) => withInvocationLog(logger, event, context, () => route(event));
}

/** The Lambda handler that answers each HTTP event with `route`, logged per invocation. */
export function httpHandler(
  logger: Logger,
  route: (event: HttpEvent) => Promise<HttpResult>,
): HttpHandler {
  return (event, context) => withInvocationLog(logger, event, context, () => route(event));
}
