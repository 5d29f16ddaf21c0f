/**
 * The WebSocket actions this service serves, each mapped to one service call and its reply
 * event (with the frame's `requestId` echoed).
 */
import {
  ClientActionName,
  ServerEventType,
  type JoinAction,
  type LeaveAction,
  type PingAction,
  type RenameAction,
  type ClientAction,
  type ServerEvent,
} from '@chat/domain';
import type { ConnectionService } from '../service.js';

/** Actions routed to the connection service. */
export type ConnectionAction = JoinAction | LeaveAction | RenameAction | PingAction;

export const connectionActions: readonly ConnectionAction['action'][] = [
  ClientActionName.join,
  ClientActionName.leave,
  ClientActionName.rename,
  ClientActionName.ping,
];

/** Whether this service serves `action`. */
export function isConnectionAction(action: ClientAction): action is ConnectionAction {
  return (connectionActions as readonly string[]).includes(action.action);
}

/** Runs `action` for `connectionId` and returns the reply. */
export async function runConnectionAction(
  service: ConnectionService,
  connectionId: string,
  action: ConnectionAction,
): Promise<ServerEvent> {
  const echo = action.requestId === undefined ? {} : { requestId: action.requestId };
  switch (action.action) {
    case ClientActionName.join: {
      const { roomId, name } = action;
      const joined = await service.join({ connectionId, roomId, name });
      return { type: ServerEventType.joined, ...joined, ...echo };
    }
    case ClientActionName.leave: {
      const left = await service.leave({ connectionId, roomId: action.roomId });
      return { type: ServerEventType.left, ...left, ...echo };
    }
    case ClientActionName.rename: {
      const { name } = await service.rename({ connectionId, name: action.name });
      return { type: ServerEventType.ack, action: action.action, name, ...echo };
    }
    case ClientActionName.ping: {
      const pong = await service.ping({ connectionId });
      return { type: ServerEventType.pong, ...pong, ...echo };
    }
  }
}
