/**
 * The API Gateway Management API (`@connections`) on the WebSocket gateway's port:
 * `POST /{stage}/@connections/{id}` sends the body to the client as a text message,
 * `GET` describes the connection, `DELETE` closes it. Answers, status codes and the
 * `x-amzn-ErrorType` header follow API Gateway, so `@aws-sdk/client-apigatewaymanagementapi`
 * raises the same errors (`GoneException`, `PayloadTooLargeException`, ...) as against AWS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { MAX_MESSAGE_BYTES } from '@chat/domain';
import { newOpaqueId } from './aws-format.js';
import type { FaultInjector } from './faults.js';
import type { LocalStackLogger } from './logger.js';
import type { LocalStackStats } from './stats.js';

/** A connection as the Management API sees it. */
export interface ManagedConnection {
  readonly id: string;
  /** Epoch milliseconds. */
  readonly connectedAt: number;
  /** Epoch milliseconds of the client's last message (or of the connection). */
  readonly lastActiveAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** Sends a text message to the client. */
  send(data: Buffer): void;
  /** Closes the connection from the server side (which fires `$disconnect`). */
  disconnect(): void;
}

/** Settings of a {@link ConnectionsApi}. */
export interface ConnectionsApiOptions {
  readonly stage: string;
  /** Finds an open connection. */
  readonly lookup: (connectionId: string) => ManagedConnection | undefined;
  readonly faults: FaultInjector;
  readonly stats: LocalStackStats;
  readonly logger: LocalStackLogger;
}

const SIGV4_PREFIX = 'AWS4-HMAC-SHA256';

/**
 * The path segments of a request path, percent-decoded one by one, so an encoded `/` or
 * `=` in a connection id stays inside its segment.
 */
function pathSegments(rawPath: string): string[] | undefined {
  try {
    return rawPath
      .split('/')
      .filter((segment) => segment !== '')
      .map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
}

/** Handles `@connections` requests; `matches` tells the gateway which requests are its. */
export class ConnectionsApi {
  readonly #options: ConnectionsApiOptions;

  constructor(options: ConnectionsApiOptions) {
    this.#options = options;
  }

  /** The connection id of a `/{stage}/@connections/{id}` path, or `undefined`. */
  connectionIdOf(rawPath: string): string | undefined {
    const segments = pathSegments(rawPath);
    if (segments?.length !== 3) return undefined;
    const [stage, resource, id] = segments;
    if (stage !== this.#options.stage || resource !== '@connections') return undefined;
    return id === undefined || id === '' ? undefined : id;
  }

  /** Answers one request whose path {@link connectionIdOf} accepted. */
  async handle(
    request: IncomingMessage,
    response: ServerResponse,
    connectionId: string,
  ): Promise<void> {
    const authorization = request.headers.authorization ?? '';
    if (!authorization.startsWith(SIGV4_PREFIX)) {
      await drain(request);
      this.#error(response, 403, 'MissingAuthenticationTokenException', {
        message: 'Missing Authentication Token',
      });
      return;
    }
    switch (request.method) {
      case 'POST':
        await this.#post(request, response, connectionId);
        return;
      case 'GET':
        await drain(request);
        this.#get(response, connectionId);
        return;
      case 'DELETE':
        await drain(request);
        this.#delete(response, connectionId);
        return;
      default:
        await drain(request);
        this.#error(response, 403, 'MissingAuthenticationTokenException', {
          message: 'Missing Authentication Token',
        });
    }
  }

  async #post(
    request: IncomingMessage,
    response: ServerResponse,
    connectionId: string,
  ): Promise<void> {
    const { stats, faults, lookup, logger } = this.#options;
    stats.managementApi.posts += 1;
    const body = await readBody(request, MAX_MESSAGE_BYTES);
    if (body === undefined) {
      this.#error(response, 413, 'PayloadTooLargeException', {
        message: `Message size exceeds the ${MAX_MESSAGE_BYTES / 1024} KB limit`,
      });
      return;
    }
    const connection = lookup(connectionId);
    if (connection === undefined) {
      stats.managementApi.gone += 1;
      this.#gone(response);
      return;
    }
    const fault = faults.postFault();
    if (fault === 'gone') {
      stats.faults.gonePosts += 1;
      logger.info(`fault: POST @connections/${connectionId} answered 410`);
      this.#gone(response);
      return;
    }
    if (fault === 'throttle') {
      stats.faults.throttledPosts += 1;
      logger.info(`fault: POST @connections/${connectionId} answered 429`);
      this.#error(response, 429, 'LimitExceededException', { message: 'Rate exceeded' });
      return;
    }
    connection.send(body);
    this.#reply(response, 200);
  }

  #get(response: ServerResponse, connectionId: string): void {
    const { stats, lookup } = this.#options;
    stats.managementApi.gets += 1;
    const connection = lookup(connectionId);
    if (connection === undefined) {
      stats.managementApi.gone += 1;
      this.#gone(response);
      return;
    }
    this.#reply(
      response,
      200,
      JSON.stringify({
        connectedAt: new Date(connection.connectedAt).toISOString(),
        identity: { sourceIp: connection.sourceIp, userAgent: connection.userAgent },
        lastActiveAt: new Date(connection.lastActiveAt).toISOString(),
      }),
    );
  }

  #delete(response: ServerResponse, connectionId: string): void {
    const { stats, lookup } = this.#options;
    stats.managementApi.deletes += 1;
    const connection = lookup(connectionId);
    if (connection === undefined) {
      stats.managementApi.gone += 1;
      this.#gone(response);
      return;
    }
    connection.disconnect();
    this.#reply(response, 204);
  }

  /** API Gateway's 410: the error type in a header and no body (its message is null). */
  #gone(response: ServerResponse): void {
    this.#reply(response, 410, '', { 'x-amzn-ErrorType': 'GoneException' });
  }

  #error(response: ServerResponse, status: number, type: string, body: object): void {
    this.#reply(response, status, JSON.stringify(body), { 'x-amzn-ErrorType': type });
  }

  #reply(
    response: ServerResponse,
    status: number,
    body = '',
    headers: Readonly<Record<string, string>> = {},
  ): void {
    response.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': newOpaqueId(),
      ...headers,
    });
    response.end(body);
  }
}

/** Reads a request body up to `limit` bytes; `undefined` when it is longer. */
export async function readBody(
  request: IncomingMessage,
  limit: number,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) tooLarge = true;
    if (!tooLarge) chunks.push(buffer);
  }
  return tooLarge ? undefined : Buffer.concat(chunks);
}

/** Reads and discards a request body, so the connection can be reused. */
export async function drain(request: IncomingMessage): Promise<void> {
  for await (const _chunk of request) {
    // Discarded on purpose.
  }
}
