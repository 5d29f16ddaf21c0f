/**
 * An HTTP API that behaves like API Gateway's with Lambda proxy integrations, payload
 * format 2.0: events with `version`, `routeKey`, `rawPath`, `rawQueryString`, `cookies`,
 * lower-cased `headers`, `pathParameters` and `requestContext.http`; responses from either a
 * structured result or any other value (200, JSON); 404 for no route; IAM-authorised routes
 * that require a SigV4 `Authorization` header; CORS preflights answered by the gateway.
 */
import { createHash } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { clfTime, newOpaqueId } from './aws-format.js';
import { readBody } from './connections-api.js';
import { HttpRouter, type HttpRoute, type RouteMatch } from './http-routes.js';
import type { InvocationOutcome, LambdaRuntime } from './lambda-runtime.js';
import type { LocalStackLogger } from './logger.js';

/** API Gateway's CORS configuration of an HTTP API. */
export interface CorsOptions {
  /** Origins allowed, or `*`. */
  readonly allowOrigins: readonly string[];
  /** Methods allowed, or `*`. */
  readonly allowMethods: readonly string[];
  /** Request headers allowed, or `*` (answered with the headers the preflight asks for). */
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
  readonly allowCredentials: boolean;
}

/** CORS for local development: any origin, method and header. */
export const DEFAULT_CORS: CorsOptions = {
  allowOrigins: ['*'],
  allowMethods: ['*'],
  allowHeaders: ['*'],
  exposeHeaders: [],
  maxAgeSeconds: 300,
  allowCredentials: false,
};

/** Settings of an {@link HttpGateway}. */
export interface HttpGatewayOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly apiId: string;
  readonly accountId: string;
  readonly routes: readonly HttpRoute[];
  /** `false` turns CORS off (preflights then get 404 like any unrouted request). */
  readonly cors: CorsOptions | false;
  readonly logger: LocalStackLogger;
}

/** The IAM identity API Gateway puts in `requestContext.authorizer.iam`. */
export interface IamIdentity {
  readonly accessKey: string;
  readonly accountId: string;
  readonly callerId: string;
  readonly cognitoIdentity: null;
  readonly principalOrgId: null;
  readonly userArn: string;
  readonly userId: string;
}

/** An HTTP API payload format 2.0 event. */
export interface HttpApiEvent {
  readonly version: '2.0';
  readonly routeKey: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly cookies?: string[];
  readonly headers: Record<string, string>;
  readonly queryStringParameters?: Record<string, string>;
  readonly requestContext: {
    readonly accountId: string;
    readonly apiId: string;
    readonly authorizer?: { readonly iam: IamIdentity };
    readonly domainName: string;
    readonly domainPrefix: string;
    readonly http: {
      readonly method: string;
      readonly path: string;
      readonly protocol: string;
      readonly sourceIp: string;
      readonly userAgent: string;
    };
    readonly requestId: string;
    readonly routeKey: string;
    readonly stage: '$default';
    readonly time: string;
    readonly timeEpoch: number;
  };
  readonly body?: string;
  readonly pathParameters?: Record<string, string>;
  readonly isBase64Encoded: boolean;
}

/** HTTP API's request payload quota. */
const MAX_REQUEST_BYTES = 10 * 1024 * 1024;

/** Content types API Gateway passes as text; any other body arrives base64-encoded. */
function isTextContent(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return (
    type.startsWith('text/') ||
    type === 'application/json' ||
    type.endsWith('+json') ||
    type === 'application/xml' ||
    type.endsWith('+xml') ||
    type === 'application/javascript'
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The access key of a SigV4 `Authorization` header, or `undefined` when it is not one. */
export function sigV4AccessKey(authorization: string | undefined): string | undefined {
  if (authorization?.startsWith('AWS4-HMAC-SHA256 ') !== true) return undefined;
  const credential = /Credential=([^/,\s]+)\//.exec(authorization);
  return credential?.[1];
}

/** A made-up but well-formed IAM user for an access key (API Gateway does not check it here). */
export function iamIdentityOf(accessKey: string, accountId: string): IamIdentity {
  const digest = createHash('sha256').update(accessKey).digest('hex').toUpperCase();
  const userId = `AIDA${digest.replace(/[^A-Z0-9]/g, '').slice(0, 17)}`;
  return {
    accessKey,
    accountId,
    callerId: userId,
    cognitoIdentity: null,
    principalOrgId: null,
    userArn: `arn:aws:iam::${accountId}:user/${accessKey}`,
    userId,
  };
}

interface HttpAnswer {
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly cookies: readonly string[];
  readonly body: Buffer;
}

function jsonAnswer(status: number, body: unknown, headers: OutgoingHttpHeaders = {}): HttpAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    cookies: [],
    body: Buffer.from(JSON.stringify(body)),
  };
}

const INTERNAL_ERROR = (): HttpAnswer => jsonAnswer(500, { message: 'Internal Server Error' });

/** Turns a handler's result into the response, by payload format 2.0's rules. */
export function toHttpAnswer(outcome: InvocationOutcome): HttpAnswer {
  if (!outcome.ok) return INTERNAL_ERROR();
  const { value } = outcome;
  if (isRecord(value) && 'statusCode' in value) {
    const { statusCode, headers, cookies, body, isBase64Encoded } = value;
    if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) return INTERNAL_ERROR();
    const responseHeaders: OutgoingHttpHeaders = {};
    if (isRecord(headers)) {
      for (const [name, headerValue] of Object.entries(headers)) {
        if (
          typeof headerValue === 'string' ||
          typeof headerValue === 'number' ||
          typeof headerValue === 'boolean'
        ) {
          responseHeaders[name.toLowerCase()] = String(headerValue);
        }
      }
    }
    const text =
      body === undefined || body === null
        ? ''
        : typeof body === 'string'
          ? body
          : JSON.stringify(body);
    return {
      status: statusCode,
      headers: responseHeaders,
      cookies: Array.isArray(cookies) ? cookies.map(String) : [],
      body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
    };
  }
  const text =
    typeof value === 'string' ? value : ((JSON.stringify(value) as string | undefined) ?? 'null');
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    cookies: [],
    body: Buffer.from(text, 'utf8'),
  };
}

/** The HTTP API gateway. */
export class HttpGateway {
  readonly #options: HttpGatewayOptions;
  readonly #router: HttpRouter;
  readonly #server: Server;
  #runtime: LambdaRuntime | undefined;

  private constructor(options: HttpGatewayOptions) {
    this.#options = options;
    this.#router = new HttpRouter(options.routes);
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch((error: unknown) => {
        options.logger.error(
          `HTTP gateway: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
        if (!response.headersSent) this.#send(request, response, INTERNAL_ERROR(), newOpaqueId());
        else response.destroy();
      });
    });
  }

  /** Binds the port; requests get 503 until {@link attach} hands over the handlers. */
  static async listen(options: HttpGatewayOptions): Promise<HttpGateway> {
    const gateway = new HttpGateway(options);
    await new Promise<void>((resolve, reject) => {
      gateway.#server.once('error', reject);
      gateway.#server.listen(options.port, options.host, () => {
        gateway.#server.off('error', reject);
        resolve();
      });
    });
    return gateway;
  }

  /** The bound port. */
  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** Starts serving with the loaded handlers. */
  attach(runtime: LambdaRuntime): void {
    this.#runtime = runtime;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = newOpaqueId();
    const now = Date.now();
    const body = await readBody(request, MAX_REQUEST_BYTES);
    if (body === undefined) {
      this.#send(
        request,
        response,
        jsonAnswer(413, { message: 'Request Entity Too Large' }),
        requestId,
      );
      return;
    }
    const runtime = this.#runtime;
    if (runtime === undefined) {
      this.#send(request, response, jsonAnswer(503, { message: 'Service Unavailable' }), requestId);
      return;
    }
    const method = request.method ?? 'GET';
    const [rawPath = '/', ...queryParts] = (request.url ?? '/').split('?');
    const rawQueryString = queryParts.join('?');
    if (method === 'OPTIONS' && this.#isPreflight(request)) {
      this.#send(request, response, this.#preflight(request), requestId);
      return;
    }
    const match = this.#router.match(method, rawPath);
    if (match === undefined) {
      this.#send(request, response, jsonAnswer(404, { message: 'Not Found' }), requestId);
      return;
    }
    let authorizer: { iam: IamIdentity } | undefined;
    if (match.route.authorization === 'iam') {
      const accessKey = sigV4AccessKey(request.headers.authorization);
      if (accessKey === undefined) {
        this.#send(
          request,
          response,
          jsonAnswer(
            403,
            { message: 'Missing Authentication Token' },
            { 'x-amzn-errortype': 'MissingAuthenticationTokenException' },
          ),
          requestId,
        );
        return;
      }
      authorizer = { iam: iamIdentityOf(accessKey, this.#options.accountId) };
    }
    const event = this.#event(request, match, {
      requestId,
      now,
      rawPath,
      rawQueryString,
      body,
      authorizer,
    });
    const outcome = await runtime.invoke(match.route.functionName, event, {
      route: match.route.routeKey,
      statusOf: (result) => toHttpAnswer(result).status,
    });
    this.#send(request, response, toHttpAnswer(outcome), requestId);
  }

  #event(
    request: IncomingMessage,
    match: RouteMatch,
    parts: {
      requestId: string;
      now: number;
      rawPath: string;
      rawQueryString: string;
      body: Buffer;
      authorizer: { iam: IamIdentity } | undefined;
    },
  ): HttpApiEvent {
    const headers: Record<string, string> = {};
    let cookies: string[] = [];
    for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
      const name = (request.rawHeaders[i] ?? '').toLowerCase();
      const value = request.rawHeaders[i + 1] ?? '';
      if (name === 'cookie') {
        cookies = cookies.concat(
          value
            .split(';')
            .map((cookie) => cookie.trim())
            .filter(Boolean),
        );
        continue;
      }
      headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
    }
    const query: Record<string, string> = {};
    for (const [name, value] of new URLSearchParams(parts.rawQueryString)) {
      query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
    }
    const domainName = request.headers.host ?? `${this.#options.host}:${this.port}`;
    const hostname = domainName.replace(/:\d+$/, '');
    const sourceIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const hasBody = parts.body.length > 0;
    const text = isTextContent(request.headers['content-type']);
    return {
      version: '2.0',
      routeKey: match.route.routeKey,
      rawPath: parts.rawPath,
      rawQueryString: parts.rawQueryString,
      ...(cookies.length > 0 ? { cookies } : {}),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      requestContext: {
        accountId: this.#options.accountId,
        apiId: this.#options.apiId,
        ...(parts.authorizer === undefined ? {} : { authorizer: parts.authorizer }),
        domainName,
        domainPrefix: hostname.split('.')[0] ?? hostname,
        http: {
          method: request.method ?? 'GET',
          path: parts.rawPath,
          protocol: `HTTP/${request.httpVersion}`,
          sourceIp,
          userAgent: request.headers['user-agent'] ?? '',
        },
        requestId: parts.requestId,
        routeKey: match.route.routeKey,
        stage: '$default',
        time: clfTime(parts.now),
        timeEpoch: parts.now,
      },
      ...(hasBody ? { body: parts.body.toString(text ? 'utf8' : 'base64') } : {}),
      ...(Object.keys(match.pathParameters).length > 0
        ? { pathParameters: match.pathParameters }
        : {}),
      isBase64Encoded: hasBody && !text,
    };
  }

  #isPreflight(request: IncomingMessage): boolean {
    return (
      this.#options.cors !== false &&
      request.headers.origin !== undefined &&
      request.headers['access-control-request-method'] !== undefined
    );
  }

  /** The origin to allow for this request, or `undefined` when CORS does not allow it. */
  #allowedOrigin(request: IncomingMessage): string | undefined {
    const { cors } = this.#options;
    const origin = request.headers.origin;
    if (cors === false || origin === undefined) return undefined;
    if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
    return cors.allowOrigins.includes(origin) ? origin : undefined;
  }

  #preflight(request: IncomingMessage): HttpAnswer {
    const { cors } = this.#options;
    const origin = this.#allowedOrigin(request);
    const requestedMethod = request.headers['access-control-request-method'] ?? '';
    const empty = { status: 204, headers: {}, cookies: [], body: Buffer.alloc(0) };
    if (cors === false || origin === undefined) return empty;
    const methods = cors.allowMethods.includes('*') ? this.#router.methods : cors.allowMethods;
    if (!methods.includes(requestedMethod) && !cors.allowMethods.includes('*')) return empty;
    const requestedHeaders = request.headers['access-control-request-headers'];
    const headers: OutgoingHttpHeaders = {
      'access-control-allow-origin': origin,
      'access-control-allow-methods': cors.allowMethods.includes('*')
        ? requestedMethod
        : cors.allowMethods.join(','),
      'access-control-max-age': String(cors.maxAgeSeconds),
    };
    const allowHeaders = cors.allowHeaders.includes('*')
      ? requestedHeaders
      : cors.allowHeaders.join(',');
    if (allowHeaders !== undefined && allowHeaders !== '') {
      headers['access-control-allow-headers'] = allowHeaders;
    }
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    return { ...empty, headers };
  }

  #send(
    request: IncomingMessage,
    response: ServerResponse,
    answer: HttpAnswer,
    requestId: string,
  ): void {
    const headers: OutgoingHttpHeaders = {
      ...answer.headers,
      'content-length': answer.body.length,
      'apigw-requestid': requestId,
    };
    const { cors } = this.#options;
    const origin = this.#allowedOrigin(request);
    if (
      cors !== false &&
      origin !== undefined &&
      headers['access-control-allow-origin'] === undefined
    ) {
      headers['access-control-allow-origin'] = origin;
      if (cors.exposeHeaders.length > 0) {
        headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
      }
      if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    }
    if (answer.cookies.length > 0) headers['set-cookie'] = [...answer.cookies];
    response.writeHead(answer.status, headers);
    response.end(answer.body);
  }

  /** Stops listening and closes idle keep-alive connections. */
  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
      this.#server.closeAllConnections();
    });
  }
}
