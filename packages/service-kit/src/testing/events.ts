/**
 * API Gateway events shaped as AWS sends them: WebSocket proxy events for `$connect`
 * (headers, query string, identity), message routes (messageId, body) and `$disconnect`
 * (status code and reason), and HTTP API payload 2.0 events, with the IAM authorizer's
 * context on IAM-only routes.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { HttpEvent, WebSocketEvent } from '../events.js';

const API_ID = 'a1b2c3d4e5';
const DOMAIN = `${API_ID}.execute-api.eu-west-1.amazonaws.com`;
const STAGE = 'prod';
const SOURCE_IP = '203.0.113.7';
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) chat-tests/1.0';

/** A connection id like API Gateway's: 12 random bytes, base64, ending in `=`. */
export function newConnectionId(): string {
  return `${randomBytes(11).toString('base64').slice(0, 14)}=`;
}

/** `requestTime` in Common Log Format: `04/Dec/2026:20:01:46 +0000`. */
function requestTime(epochMs: number): string {
  // `Fri, 04 Dec 2026 20:01:46 GMT`: the same fields, in another order.
  const [, day = '', month = '', year = '', time = ''] = new Date(epochMs).toUTCString().split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

function requestIds(): { requestId: string; extendedRequestId: string } {
  const id = `${randomBytes(6).toString('base64').slice(0, 7)}=`;
  return { requestId: id, extendedRequestId: id };
}

/** What a `$connect` event carries beyond the defaults. */
export interface ConnectOptions {
  readonly connectedAt?: number;
  readonly query?: Readonly<Record<string, string>>;
  readonly principalId?: string;
}

/** A `$connect` event: the WebSocket upgrade request with its headers and query string. */
export function connectEvent(connectionId: string, options: ConnectOptions = {}): WebSocketEvent {
  const now = options.connectedAt ?? Date.now();
  const headers: Record<string, string> = {
    Host: DOMAIN,
    'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    'User-Agent': USER_AGENT,
    'X-Amzn-Trace-Id': `Root=1-${Math.floor(now / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
    'X-Forwarded-For': SOURCE_IP,
    'X-Forwarded-Port': '443',
    'X-Forwarded-Proto': 'https',
  };
  const query = options.query;
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    ...(query === undefined
      ? {}
      : {
          queryStringParameters: { ...query },
          multiValueQueryStringParameters: Object.fromEntries(
            Object.entries(query).map(([k, v]) => [k, [v]]),
          ),
        }),
    requestContext: {
      routeKey: '$connect',
      eventType: 'CONNECT',
      ...requestIds(),
      requestTime: requestTime(now),
      messageDirection: 'IN',
      stage: STAGE,
      connectedAt: now,
      requestTimeEpoch: now + 1,
      identity: { userAgent: USER_AGENT, sourceIp: SOURCE_IP },
      ...(options.principalId === undefined
        ? {}
        : { authorizer: { principalId: options.principalId, integrationLatency: 12 } }),
      domainName: DOMAIN,
      connectionId,
      apiId: API_ID,
    },
    isBase64Encoded: false,
  };
}

/** A message on a route: `routeKey` is what `$request.body.action` selected. */
export function messageEvent(
  connectionId: string,
  routeKey: string,
  body: string,
  options: { connectedAt?: number } = {},
): WebSocketEvent {
  const now = Date.now();
  return {
    requestContext: {
      routeKey,
      messageId: `${randomBytes(11).toString('base64').slice(0, 14)}=`,
      eventType: 'MESSAGE',
      ...requestIds(),
      requestTime: requestTime(now),
      messageDirection: 'IN',
      stage: STAGE,
      connectedAt: options.connectedAt ?? now - 5_000,
      requestTimeEpoch: now,
      identity: { userAgent: USER_AGENT, sourceIp: SOURCE_IP },
      domainName: DOMAIN,
      connectionId,
      apiId: API_ID,
    },
    body,
    isBase64Encoded: false,
  };
}

/** A client action as a frame on the route API Gateway selects for it. */
export function actionEvent(
  connectionId: string,
  frame: Readonly<Record<string, unknown>> & { action: string },
): WebSocketEvent {
  return messageEvent(connectionId, frame.action, JSON.stringify(frame));
}

/** A `$disconnect` event, here for a client that closed without a status (1005). */
export function disconnectEvent(
  connectionId: string,
  options: { statusCode?: number; reason?: string } = {},
): WebSocketEvent {
  const now = Date.now();
  const headers = {
    Host: DOMAIN,
    'x-api-key': '',
    'X-Forwarded-For': '',
    'x-restapi': '',
  };
  return {
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    requestContext: {
      routeKey: '$disconnect',
      disconnectStatusCode: options.statusCode ?? 1005,
      eventType: 'DISCONNECT',
      ...requestIds(),
      requestTime: requestTime(now),
      messageDirection: 'IN',
      disconnectReason: options.reason ?? 'Client-side close frame status not set',
      stage: STAGE,
      connectedAt: now - 60_000,
      requestTimeEpoch: now,
      identity: { userAgent: USER_AGENT, sourceIp: SOURCE_IP },
      domainName: DOMAIN,
      connectionId,
      apiId: API_ID,
    },
    isBase64Encoded: false,
  };
}

/** An HTTP API payload 2.0 request. */
export function httpEvent(
  method: 'GET' | 'POST',
  routePath: string,
  pathParameters: Readonly<Record<string, string>>,
  options: { query?: Readonly<Record<string, string>>; body?: string; iamUserArn?: string } = {},
): HttpEvent {
  const now = Date.now();
  const rawPath = routePath.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(pathParameters[name] ?? ''),
  );
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  const routeKey = `${method} ${routePath}`;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers: {
      accept: 'application/json',
      'content-length': String(Buffer.byteLength(options.body ?? '')),
      host: DOMAIN,
      'user-agent': USER_AGENT,
      'x-amzn-trace-id': `Root=1-${Math.floor(now / 1000).toString(16)}-${randomBytes(12).toString('hex')}`,
      'x-forwarded-for': SOURCE_IP,
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    ...(options.query === undefined ? {} : { queryStringParameters: { ...options.query } }),
    pathParameters: { ...pathParameters },
    requestContext: {
      accountId: '123456789012',
      apiId: API_ID,
      ...(options.iamUserArn === undefined
        ? {}
        : { authorizer: iamAuthorizer(options.iamUserArn) }),
      domainName: DOMAIN,
      domainPrefix: API_ID,
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: SOURCE_IP,
        userAgent: USER_AGENT,
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: requestTime(now),
      timeEpoch: now,
    },
    ...(options.body === undefined ? {} : { body: options.body }),
    isBase64Encoded: false,
  };
}

/** The `authorizer` context API Gateway adds on a route with IAM authorization. */
function iamAuthorizer(userArn: string) {
  return {
    iam: {
      accessKey: 'ASIAEXAMPLEKEY123456',
      accountId: '123456789012',
      callerId: 'AROAEXAMPLEROLEID:ci-job',
      cognitoIdentity: null,
      principalOrgId: null,
      userArn,
      userId: 'AROAEXAMPLEROLEID:ci-job',
    },
  };
}
