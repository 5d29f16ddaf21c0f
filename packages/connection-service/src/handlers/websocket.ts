/**
 * @module @chat/connection-service/handlers/websocket
 *
 * Lambda handler of the WebSocket routes `$connect`, `$disconnect`, `$default`, `join`,
 * `leave`, `rename` and `ping`.
 */
import type { Context } from 'aws-lambda';
import { connectionService, logger } from '../composition-root.js';
import { isConnectionAction, runConnectionAction } from './actions.js';
import { frameOf, toConnectInput, type WebSocketEvent, type WebSocketResult } from './events.js';
import { answerWithStatus, replyToFrame } from './responses.js';

export async function handler(event: WebSocketEvent, context?: Context): Promise<WebSocketResult> {
  const { routeKey, connectionId, requestId } = event.requestContext;
  if (context !== undefined) logger.addContext(context);
  logger.appendKeys({ connectionId, requestId, routeKey });
  try {
    switch (routeKey) {
      case '$connect':
        return await answerWithStatus(
          () => connectionService.connect(toConnectInput(event)),
          logger,
        );
      case '$disconnect':
        return await answerWithStatus(async () => {
          const { roomIds } = await connectionService.disconnect(connectionId);
          const { disconnectStatusCode, disconnectReason } = event.requestContext;
          logger.info('Disconnected', { disconnectStatusCode, disconnectReason, roomIds });
        }, logger);
      default:
        return await replyToFrame(
          frameOf(event),
          routeKey,
          isConnectionAction,
          (action) => runConnectionAction(connectionService, connectionId, action),
          logger,
        );
    }
  } finally {
    logger.resetKeys();
  }
}
