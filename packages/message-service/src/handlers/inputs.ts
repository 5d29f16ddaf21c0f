/**
 * The API Gateway events this service receives, and their conversion into service inputs
 * with the domain's schemas.
 */
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';
import {
  BadJsonError,
  clientIdSchema,
  DEFAULT_HISTORY_PAGE,
  displayNameSchema,
  historyLimitSchema,
  InvalidFieldError,
  messageIdSchema,
  messageTextSchema,
  roomIdSchema,
  toFieldIssues,
  type FieldIssue,
} from '@chat/domain';
import type { HistoryQuery, ServicePostInput } from '../service.js';

/** The request context of a WebSocket message route, with the authorizer AWS may add. */
export interface WebSocketRequestContext extends Omit<
  APIGatewayEventWebsocketRequestContextV2,
  'messageId'
> {
  /** Sent on message routes; `$connect` and `$disconnect` have none. */
  readonly messageId?: string;
  readonly identity?: { readonly sourceIp?: string; readonly userAgent?: string | null };
  readonly authorizer?: { readonly principalId?: unknown; readonly [key: string]: unknown } | null;
}

/** An API Gateway WebSocket proxy event of a message route. */
export type WebSocketEvent =
  APIGatewayProxyWebsocketEventV2WithRequestContext<WebSocketRequestContext>;

/** What a WebSocket route returns to API Gateway. */
export interface WebSocketResult {
  readonly statusCode: number;
  readonly body?: string;
}

/** The HTTP request context; `authorizer.iam` is present on IAM-authorized routes. */
export interface HttpRequestContext extends APIGatewayEventRequestContextV2 {
  readonly authorizer?: { readonly iam?: { readonly userArn?: string | null } | null } | null;
}

/** An HTTP API payload 2.0 event. */
export type HttpEvent = APIGatewayProxyEventV2WithRequestContext<HttpRequestContext>;

/** What an HTTP route returns to API Gateway. */
export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The frame's text: the body as sent, decoded when the gateway base64-encoded it. */
export function frameOf(event: WebSocketEvent): string {
  return bodyText(event.body, event.isBase64Encoded);
}

function bodyText(body: string | undefined, isBase64Encoded: boolean): string {
  const text = body ?? '';
  return isBase64Encoded ? Buffer.from(text, 'base64').toString('utf8') : text;
}

interface Schema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: Parameters<typeof toFieldIssues>[0] };
}

/** Runs `schema` on one field, adding its issues (under `path`) to `issues`. */
function parseField<T>(
  schema: Schema<T>,
  value: unknown,
  path: string,
  issues: FieldIssue[],
): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of toFieldIssues(parsed.error)) {
    issues.push({
      path: issue.path === '(frame)' ? path : `${path}.${issue.path}`,
      message: issue.message,
    });
  }
  return undefined;
}

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
  let body: unknown;
  try {
    body = JSON.parse(bodyText(event.body, event.isBase64Encoded));
  } catch {
    throw new BadJsonError('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadJsonError('The request body must be a JSON object.');
  }
  const fields = body as Record<string, unknown>;
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
