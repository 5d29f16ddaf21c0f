/**
 * @module @chat/connection-service/handlers/http
 *
 * Lambda handler of the HTTP API route `GET /rooms/{roomId}/members`. The route is open
 * (rooms are public until an authorizer exists).
 */
import type { Context } from 'aws-lambda';
import {
  answerHttp,
  roomIdOf,
  withInvocationLog,
  type HttpEvent,
  type HttpResult,
} from '@chat/service-kit';
import { connectionService, logger } from '../composition-root.js';

export function handler(event: HttpEvent, context?: Context): Promise<HttpResult> {
  return withInvocationLog(logger, event, context, () =>
    answerHttp(async () => {
      const roomId = roomIdOf(event);
      const members = await connectionService.listMembers(roomId);
      return { statusCode: 200, body: { roomId, members } };
    }, logger),
  );
}
