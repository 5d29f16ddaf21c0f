/**
 * @module @chat/connection-service/handlers/http
 *
 * Lambda handler of the HTTP API route `GET /rooms/{roomId}/members`. The route is open
 * (rooms are public until an authorizer exists).
 */
import { answerHttp, httpHandler, roomIdOf } from '@chat/service-kit';
import { connectionService, logger } from '../composition-root.js';

export const handler = httpHandler(logger, (event) =>
  answerHttp(async () => {
    const roomId = roomIdOf(event);
    const members = await connectionService.listMembers(roomId);
    return { statusCode: 200, body: { roomId, members } };
  }, logger),
);
