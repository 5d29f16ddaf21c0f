/**
 * @module @chat/message-service/handlers/http
 *
 * Lambda handler of the HTTP API routes `GET /rooms/{roomId}/messages` (open: rooms are
 * public until an authorizer exists) and `POST /rooms/{roomId}/messages` (IAM-only, for
 * trusted server-side callers posting as a named bot).
 */
import { answerHttp, httpHandler, json } from '@chat/service-kit';
import { logger, messageService } from '../composition-root.js';
import { toHistoryQuery, toServicePostInput } from './inputs.js';

export const handler = httpHandler(logger, (event) => {
  switch (event.requestContext.http.method) {
    case 'GET':
      return answerHttp(async () => {
        const page = await messageService.readHistory(toHistoryQuery(event));
        return { statusCode: 200, body: page };
      }, logger);
    case 'POST':
      return answerHttp(async () => {
        const { message, duplicate } = await messageService.postAsService(
          toServicePostInput(event),
        );
        return duplicate
          ? { statusCode: 200, body: { message, duplicate } }
          : { statusCode: 201, body: { message } };
      }, logger);
    default:
      return Promise.resolve(
        json(405, { code: 'METHOD_NOT_ALLOWED', message: 'Use GET or POST.' }),
      );
  }
});
