/**
 * API Gateway HTTP events into this service's inputs: the history query (path and query
 * string) and a server-side post (path and JSON body), checked with the domain's schemas.
 * The event types and the shared parsing come from `@chat/service-kit`.
 */
import {
  clientIdSchema,
  DEFAULT_HISTORY_PAGE,
  displayNameSchema,
  historyLimitSchema,
  InvalidFieldError,
  messageIdSchema,
  messageTextSchema,
  roomIdSchema,
  type FieldIssue,
} from '@chat/domain';
import { jsonBodyOf, parseField, type HttpEvent } from '@chat/service-kit';
import type { HistoryQuery, ServicePostInput } from '../service.js';

const DIGITS = /^\d+$/;

/** A query string `limit`: digits, then the domain's page bounds; default page when absent. */
function parseLimit(raw: string | undefined, issues: FieldIssue[]): number | undefined {
  if (raw === undefined) return DEFAULT_HISTORY_PAGE;
  if (!DIGITS.test(raw)) {
    issues.push({ path: 'limit', message: 'must be an integer' });
    return undefined;
  }
  return parseField(historyLimitSchema, Number(raw), 'limit', issues);
}

/**
 * `GET /rooms/{roomId}/messages?limit=&before=`: the room and the page asked for.
 *
 * @throws {InvalidFieldError} naming every malformed parameter.
 */
export function toHistoryQuery(event: HttpEvent): HistoryQuery {
  const issues: FieldIssue[] = [];
  const roomId = parseField(roomIdSchema, event.pathParameters?.roomId, 'roomId', issues);
  const query = event.queryStringParameters ?? {};
  const limit = parseLimit(query.limit, issues);
  const before =
    query.before === undefined
      ? undefined
      : parseField(messageIdSchema, query.before, 'before', issues);
  if (roomId === undefined || limit === undefined || issues.length > 0) {
    throw new InvalidFieldError(issues);
  }
  return { roomId, limit, before };
}

/**
 * `POST /rooms/{roomId}/messages` with body `{ text, clientMessageId?, botName }`; the
 * caller is the IAM principal the gateway verified.
 *
 * @throws {BadJsonError | InvalidFieldError}
 */
export function toServicePostInput(event: HttpEvent): ServicePostInput {
  const fields = jsonBodyOf(event);
  const issues: FieldIssue[] = [];
  const roomId = parseField(roomIdSchema, event.pathParameters?.roomId, 'roomId', issues);
  const text = parseField(messageTextSchema, fields.text, 'text', issues);
  const botName = parseField(displayNameSchema, fields.botName, 'botName', issues);
  const clientMessageId =
    fields.clientMessageId === undefined
      ? undefined
      : parseField(clientIdSchema, fields.clientMessageId, 'clientMessageId', issues);
  if (roomId === undefined || text === undefined || botName === undefined || issues.length > 0) {
    throw new InvalidFieldError(issues);
  }
  const callerArn = event.requestContext.authorizer?.iam?.userArn ?? undefined;
  return { roomId, text, botName, clientMessageId, callerArn };
}
