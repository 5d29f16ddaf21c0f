/**
 * @module @chat/connection-service/handlers/websocket
 *
 * Lambda handler of the WebSocket routes `$connect`, `$disconnect`, `$default`, `join`,
 * `leave`, `rename` and `ping`.
 */
import type { Context } from 'aws-lambda';
import {
  answerWithStatus,
  frameOf,
  replyToFrame,
  withInvocationLog,
  type WebSocketEvent,
  type WebSocketResult,
} from '@chat/service-kit';
import { connectionService, logger } from '../composition-root.js';
import { isConnectionAction, runConnectionAction } from './actions.js';
import { toConnectInput } from './inputs.js';

export function handler(event: WebSocketEvent, context?: Context): Promise<WebSocketResult> {
  const { routeKey, connectionId, disconnectStatusCode, disconnectReason } = event.requestContext;
  return withInvocationLog(logger, event, context, () => {
    switch (routeKey) {
      case '$connect':
        return answerWithStatus(() => connectionService.connect(toConnectInput(event)), logger);
      case '$disconnect':
        return answerWithStatus(async () => {
          const { roomIds } = await connectionService.disconnect(connectionId);
          logger.info('Disconnected', { disconnectStatusCode, disconnectReason, roomIds });
        }, logger);
      default:
        return replyToFrame(
          frameOf(event),
          routeKey,
          isConnectionAction,
          (action) => runConnectionAction(connectionService, connectionId, action),
          logger,
        );
    }
  });
}
