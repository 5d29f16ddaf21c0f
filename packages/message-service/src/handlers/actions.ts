/**
 * The WebSocket actions this service serves, each mapped to one service call and its reply
 * event (with the frame's `requestId` echoed).
 */
import {
  ClientActionName,
  ServerEventType,
  type DeleteMessageAction,
  type EditMessageAction,
  type HistoryAction,
  type SendMessageAction,
  type ClientAction,
  type ServerEvent,
} from '@chat/domain';
import type { MessageService } from '../service.js';

/** Actions routed to the message service. */
export type MessageAction =
  SendMessageAction | EditMessageAction | DeleteMessageAction | HistoryAction;

export const messageActions: readonly MessageAction['action'][] = [
  ClientActionName.sendMessage,
  ClientActionName.editMessage,
  ClientActionName.deleteMessage,
  ClientActionName.history,
];

/** Whether this service serves `action`. */
export function isMessageAction(action: ClientAction): action is MessageAction {
  return (messageActions as readonly string[]).includes(action.action);
}

/** Runs `action` for `connectionId` and returns the reply. */
export async function runMessageAction(
  service: MessageService,
  connectionId: string,
  action: MessageAction,
): Promise<ServerEvent> {
  const echo = action.requestId === undefined ? {} : { requestId: action.requestId };
  switch (action.action) {
    case ClientActionName.sendMessage: {
      const { roomId, text, clientMessageId } = action;
      const sent = await service.sendMessage({ connectionId, roomId, text, clientMessageId });
      return { type: ServerEventType.ack, action: action.action, ...sent, ...echo };
    }
    case ClientActionName.editMessage: {
      const { roomId, messageId, text } = action;
      const message = await service.editMessage({ connectionId, roomId, messageId, text });
      return { type: ServerEventType.ack, action: action.action, message, ...echo };
    }
    case ClientActionName.deleteMessage: {
      const { roomId, messageId } = action;
      const message = await service.deleteMessage({ connectionId, roomId, messageId });
      return { type: ServerEventType.ack, action: action.action, message, ...echo };
    }
    case ClientActionName.history: {
      const { roomId, limit, before } = action;
      const page = await service.history({ connectionId, roomId, limit, before });
      return { type: ServerEventType.history, ...page, ...echo };
    }
  }
}
