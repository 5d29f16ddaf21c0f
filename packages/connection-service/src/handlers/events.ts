/**
 * The API Gateway events this service receives, and their conversion into service inputs.
 * `@types/aws-lambda` leaves out what AWS sends on `$connect` (identity, headers, the
 * authorizer) and `$disconnect` (status code, reason), so the types here add it.
 */
import type {
  APIGatewayEventWebsocketRequestContextV2,
  APIGatewayProxyEventV2,
  APIGatewayProxyWebsocketEventV2WithRequestContext,
} from 'aws-lambda';
import {
  displayNameSchema,
  InvalidFieldError,
  roomIdSchema,
  toFieldIssues,
  type FieldIssue,
} from '@chat/domain';
import type { ConnectInput } from '../service.js';

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

/** An HTTP API payload 2.0 event. */
export type HttpEvent = APIGatewayProxyEventV2;

/** What an HTTP route returns to API Gateway. */
export interface HttpResult {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The frame's text: the body as sent, decoded when the gateway base64-encoded it. */
export function frameOf(event: WebSocketEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}

interface Schema<T> {
  safeParse(
    value: unknown,
  ): { success: true; data: T } | { success: false; error: Parameters<typeof toFieldIssues>[0] };
}

/** Runs `schema` on one field, adding its issues (under `path`) to `issues`. */
export function parseField<T>(
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

function headerOf(event: WebSocketEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * The `$connect` input: identity from the request context, `name` and `roomId` from the
 * query string, checked with the domain's schemas.
 *
 * @throws {InvalidFieldError} when a query parameter is malformed.
 */
export function toConnectInput(event: WebSocketEvent): ConnectInput {
  const query = event.queryStringParameters ?? {};
  const context = event.requestContext;
  const issues: FieldIssue[] = [];
  const name =
    query.name === undefined
      ? undefined
      : parseField(displayNameSchema, query.name, 'name', issues);
  const roomId =
    query.roomId === undefined
      ? undefined
      : parseField(roomIdSchema, query.roomId, 'roomId', issues);
  if (issues.length > 0) throw new InvalidFieldError(issues);
  const principalId = context.authorizer?.principalId;
  return {
    connectionId: context.connectionId,
    principalId: typeof principalId === 'string' && principalId !== '' ? principalId : undefined,
    name,
    roomId,
    sourceIp: context.identity?.sourceIp ?? '',
    userAgent: context.identity?.userAgent ?? headerOf(event, 'user-agent') ?? '',
    connectedAt: context.connectedAt,
  };
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
