/**
 * API Gateway events into this service's inputs: the `$connect` handshake's identity and
 * query string, checked with the domain's schemas. The event types and the shared parsing
 * come from `@chat/service-kit`.
 */
import { displayNameSchema, InvalidFieldError, roomIdSchema, type FieldIssue } from '@chat/domain';
import { headerOf, parseField, type WebSocketEvent } from '@chat/service-kit';
import type { ConnectInput } from '../service.js';

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
