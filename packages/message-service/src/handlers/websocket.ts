/**
 * @module @chat/message-service/handlers/websocket
 *
 * Lambda handler of the WebSocket routes `sendMessage`, `editMessage`, `deleteMessage` and
 * `history`. Each is two-way: the reply is the route response.
 */
import { replyToFrame, webSocketHandler } from '@chat/service-kit';
import { logger, messageService } from '../composition-root.js';
import { isMessageAction, runMessageAction } from './actions.js';

export const handler = webSocketHandler(logger, (event) =>
  replyToFrame(
    event,
    isMessageAction,
    (action) => runMessageAction(messageService, event.requestContext.connectionId, action),
    logger,
  ),
);
