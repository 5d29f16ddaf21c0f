/**
 * @module @chat/message-service/handlers/http
 *
 * Lambda handler of the HTTP API routes `GET /rooms/{roomId}/messages` (open: rooms are
 * public until an authorizer exists) and `POST /rooms/{roomId}/messages` (IAM-only, for
 * trusted server-side callers posting as a named bot).
 */
import type { Context } from 'aws-lambda';
import { logger, messageService } from '../composition-root.js';
import { toHistoryQuery, toServicePostInput, type HttpEvent, type HttpResult } from './events.js';
import { answerHttp, json } from './responses.js';

export async function handler(event: HttpEvent, context?: Context): Promise<HttpResult> {
  if (context !== undefined) logger.addContext(context);
  logger.appendKeys({ requestId: event.requestContext.requestId, routeKey: event.routeKey });
  try {
    switch (event.requestContext.http.method) {
      case 'GET':
        return await answerHttp(async () => {
          const page = await messageService.readHistory(toHistoryQuery(event));
          return { statusCode: 200, body: page };
        }, logger);
      case 'POST':
        return await answerHttp(async () => {
          const { message, duplicate } = await messageService.postAsService(
            toServicePostInput(event),
          );
          return duplicate
            ? { statusCode: 200, body: { message, duplicate } }
            : { statusCode: 201, body: { message } };
        }, logger);
      default:
        return json(405, { code: 'METHOD_NOT_ALLOWED', message: 'Use GET or POST.' });
    }
  } finally {
    logger.resetKeys();
  }
}
