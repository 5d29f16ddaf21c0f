/**
 * @module @chat/connection-service/handlers/http
 *
 * Lambda handler of the HTTP API route `GET /rooms/{roomId}/members`. The route is open
 * (rooms are public until an authorizer exists).
 */
import type { Context } from 'aws-lambda';
import { connectionService, logger } from '../composition-root.js';
import { roomIdOf, type HttpEvent, type HttpResult } from './events.js';
import { answerHttp } from './responses.js';

export async function handler(event: HttpEvent, context?: Context): Promise<HttpResult> {
  if (context !== undefined) logger.addContext(context);
  logger.appendKeys({ requestId: event.requestContext.requestId, routeKey: event.routeKey });
  try {
    return await answerHttp(async () => {
      const roomId = roomIdOf(event);
      const members = await connectionService.listMembers(roomId);
      return { statusCode: 200, body: { roomId, members } };
    }, logger);
  } finally {
    logger.resetKeys();
  }
}
