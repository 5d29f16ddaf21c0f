/**
 * The API Gateway events the chat services receive, and the parsing every service shares.
 * `@types/aws-lambda` leaves out what AWS sends on `$connect` (identity, headers, the
 * authorizer), on `$disconnect` (status code, reason) and on IAM-authorized HTTP routes, so
 * the types here add it.
 */
import type {
  APIGatewayEventRequestContextV2,
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyEventV2WithRequestContext,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';
import {
  BadJsonError,
  InvalidFieldError,
  roomIdSchema,
  toFieldIssues,
  type FieldIssue,
} from '@chat/domain';

/** The request context of every WebSocket route, with the fields AWS adds per event type. */
export interface WebSocketRequestContext extends Omit<
  APIGatewayEventWebsocketRequestContextV2,
  'messageId'
> {
  /** Sent on message routes; `$connect` and `$disconnect` have none. */
  readonly messageId?: string;
  readonly identity?: { readonly sourceIp?: string; readonly userAgent?: string | null };
  /** Present when a Lambda authorizer ran on `$connect`; its context follows each route. */
  readonly authorizer?: { readonly principalId?: unknown; readonly [key: string]: unknown } | null;
  readonly disconnectStatusCode?: number;
  readonly disconnectReason?: string;
}

/** An API Gateway WebSocket proxy event (`$connect`, `$disconnect`, or a message route). */
export interface WebSocketEvent extends APIGatewayProxyWebsocketEventV2WithRequestContext<WebSocketRequestContext> {
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly multiValueHeaders?: Readonly<Record<string, string[] | undefined>>;
}

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

function bodyText(body: string | undefined, isBase64Encoded: boolean): string {
  const text = body ?? '';
  return isBase64Encoded ? Buffer.from(text, 'base64').toString('utf8') : text;
}

/** The frame's text: the body as sent, decoded when the gateway base64-encoded it. */
export function frameOf(event: WebSocketEvent): string {
  return bodyText(event.body, event.isBase64Encoded);
}

/**
 * The body of an HTTP request as a JSON object.
 *
 * @throws {BadJsonError} when it is not JSON, or JSON but not an object.
 */
export function jsonBodyOf(event: HttpEvent): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(bodyText(event.body, event.isBase64Encoded));
  } catch {
    throw new BadJsonError('The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new BadJsonError('The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

/** A domain schema, as `parseField` runs it. */
export interface FieldSchema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: Parameters<typeof toFieldIssues>[0] };
}

/** Runs `schema` on one field, adding its issues (under `path`) to `issues`. */
export function parseField<T>(
  schema: FieldSchema<T>,
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

/** A request header, whatever the case of its name. */
export function headerOf(event: WebSocketEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * The `roomId` path parameter of an HTTP route.
 *
 * @throws {InvalidFieldError} when it is not a room id.
 */
export function roomIdOf(event: HttpEvent): string {
  const issues: FieldIssue[] = [];
  const roomId = parseField(roomIdSchema, event.pathParameters?.roomId, 'roomId', issues);
  if (roomId === undefined) throw new InvalidFieldError(issues);
  return roomId;
}
