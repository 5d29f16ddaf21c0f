/**
 * @module @chat/message-service/handlers/websocket
 *
 * Lambda handler of the WebSocket routes `sendMessage`, `editMessage`, `deleteMessage` and
 * `history`. Each is two-way: the reply is the route response.
 */
import type { Context } from 'aws-lambda';
import { logger, messageService } from '../composition-root.js';
import { isMessageAction, runMessageAction } from './actions.js';
import { frameOf, type WebSocketEvent, type WebSocketResult } from './events.js';
import { replyToFrame } from './responses.js';

export async function handler(event: WebSocketEvent, context?: Context): Promise<WebSocketResult> {
  const { routeKey, connectionId, requestId } = event.requestContext;
  if (context !== undefined) logger.addContext(context);
  logger.appendKeys({ connectionId, requestId, routeKey });
  try {
    return await replyToFrame(
      frameOf(event),
      routeKey,
      isMessageAction,
      (action) => runMessageAction(messageService, connectionId, action),
      logger,
    );
  } finally {
    logger.resetKeys();
  }
}
