/**
 * @module @chat/connection-service/handlers/websocket
 *
 * Lambda handler of the WebSocket routes `$connect`, `$disconnect`, `$default`, `join`,
 * `leave`, `rename` and `ping`.
 */
import { answerWithStatus, replyToFrame, webSocketHandler } from '@chat/service-kit';
import { connectionService, logger } from '../composition-root.js';
import { isConnectionAction, runConnectionAction } from './actions.js';
import { toConnectInput } from './inputs.js';

export const handler = webSocketHandler(logger, (event) => {
  const { routeKey, connectionId, disconnectStatusCode, disconnectReason } = event.requestContext;
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
        event,
        isConnectionAction,
        (action) => runConnectionAction(connectionService, connectionId, action),
        logger,
      );
  }
});
