/**
 * A WebSocket API that behaves like API Gateway's: `$connect` decides the handshake,
 * messages are routed by `$request.body.action` with `$default` as the fallback, two-way
 * routes answer with the handler's body, frame and message limits close the connection
 * with API Gateway's codes, idle and maximum-duration timeouts close it with 1001, and every
 * close fires `$disconnect`. The Management API (`@connections`) shares its port.
 */
import { randomBytes } from 'node:crypto';
import {
  createServer,
  STATUS_CODES,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { MAX_FRAME_BYTES, MAX_MESSAGE_BYTES } from '@chat/domain';
import { WebSocketServer, type WebSocket } from 'ws';
import { clfTime, newOpaqueId } from './aws-format.js';
import { CloseCode } from './constants.js';
import { ConnectionsApi, drain, type ManagedConnection } from './connections-api.js';
import type { FaultInjector } from './faults.js';
import { FrameGuard } from './frame-guard.js';
import type { InvocationOutcome, LambdaRuntime } from './lambda-runtime.js';
import type { LocalStackLogger } from './logger.js';
import type { LocalStackStats } from './stats.js';

/** The function behind one WebSocket route. */
export interface WebSocketRoute {
  readonly functionName: string;
  readonly twoWay: boolean;
}

/** Settings of a {@link WebSocketGateway}. */
export interface WebSocketGatewayOptions {
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly stage: string;
  readonly apiId: string;
  /** By route key: `$connect`, `$disconnect`, `$default`, or an action. */
  readonly routes: ReadonlyMap<string, WebSocketRoute>;
  readonly idleTimeoutSeconds: number;
  readonly maxConnectionSeconds: number;
  readonly faults: FaultInjector;
  readonly stats: LocalStackStats;
  readonly logger: LocalStackLogger;
}

/** The `requestContext` of a WebSocket event, as API Gateway builds it. */
export interface WebSocketRequestContext {
  readonly routeKey: string;
  readonly eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
  readonly messageId?: string;
  readonly disconnectStatusCode?: number;
  readonly disconnectReason?: string;
  readonly extendedRequestId: string;
  readonly requestTime: string;
  readonly messageDirection: 'IN';
  readonly stage: string;
  readonly connectedAt: number;
  readonly requestTimeEpoch: number;
  readonly identity: { readonly sourceIp: string; readonly userAgent: string };
  readonly requestId: string;
  readonly domainName: string;
  readonly connectionId: string;
  readonly apiId: string;
}

/** A WebSocket event as a Lambda proxy integration receives it. */
export interface WebSocketEvent {
  readonly headers?: Record<string, string>;
  readonly multiValueHeaders?: Record<string, string[]>;
  readonly queryStringParameters?: Record<string, string>;
  readonly multiValueQueryStringParameters?: Record<string, string[]>;
  readonly requestContext: WebSocketRequestContext;
  readonly body?: string;
  readonly isBase64Encoded: boolean;
}

/** Standard `disconnectReason` texts for close codes that carry no reason of their own. */
const DISCONNECT_REASONS: Readonly<Record<number, string>> = {
  [CloseCode.normal]: 'Connection Closed Normally',
  [CloseCode.goingAway]: 'Going away',
  [CloseCode.noStatus]: 'Client-side close frame status not set',
  [CloseCode.abnormal]: 'Connection was closed abnormally',
};

/** Headers that belong to the handshake itself and never reach the integration. */
const HOP_BY_HOP = new Set(['connection', 'upgrade']);

/** Headers API Gateway sets itself on `$connect`, replacing any the client sent. */
const ADDED_HEADERS = new Set([
  'x-amzn-trace-id',
  'x-forwarded-for',
  'x-forwarded-port',
  'x-forwarded-proto',
]);

/** The random part of an X-Ray trace id: 24 hex digits. */
function traceSuffix(): string {
  return randomBytes(12).toString('hex');
}

/** How long a closing client gets to answer the close frame before the socket is dropped. */
const CLOSE_GRACE_MS = 1000;

interface ConnectionInfo {
  readonly id: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly domainName: string;
}

interface CloseInfo {
  readonly code: number;
  readonly reason: string;
}

class LiveConnection implements ManagedConnection {
  readonly id: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent: string;
  readonly domainName: string;
  lastActiveAt: number;
  /** Set once the server decided to close; later messages are ignored. */
  closing: CloseInfo | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  maxTimer: NodeJS.Timeout | undefined;
  graceTimer: NodeJS.Timeout | undefined;
  readonly #socket: WebSocket;
  readonly #close: (connection: LiveConnection, info: CloseInfo, frameReason: string) => void;
  readonly #onSent: () => void;

  constructor(
    info: ConnectionInfo,
    socket: WebSocket,
    close: (connection: LiveConnection, info: CloseInfo, frameReason: string) => void,
    onSent: () => void,
  ) {
    this.id = info.id;
    this.connectedAt = info.connectedAt;
    this.sourceIp = info.sourceIp;
    this.userAgent = info.userAgent;
    this.domainName = info.domainName;
    this.lastActiveAt = info.connectedAt;
    this.#socket = socket;
    this.#close = close;
    this.#onSent = onSent;
  }

  get socket(): WebSocket {
    return this.#socket;
  }

  /**
   * Sends a text message, in frames of at most 32 KB like API Gateway, so clients meet
   * fragmented messages locally too.
   */
  send(data: Buffer | string): void {
    if (this.closing !== undefined || this.#socket.readyState !== this.#socket.OPEN) return;
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    if (bytes.length <= MAX_FRAME_BYTES) {
      this.#socket.send(bytes, { binary: false });
    } else {
      for (let offset = 0; offset < bytes.length; offset += MAX_FRAME_BYTES) {
        const end = Math.min(offset + MAX_FRAME_BYTES, bytes.length);
        this.#socket.send(bytes.subarray(offset, end), {
          binary: false,
          fin: end === bytes.length,
        });
      }
    }
    this.#onSent();
  }

  disconnect(): void {
    this.#close(
      this,
      { code: CloseCode.normal, reason: DISCONNECT_REASONS[CloseCode.normal] ?? '' },
      '',
    );
  }
}

function sourceIpOf(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
}

/** Single- and multi-value views of a list of name/value pairs, like API Gateway's REST events. */
function valueMaps(pairs: readonly (readonly [string, string])[]): {
  single: Record<string, string>;
  multi: Record<string, string[]>;
} {
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    single[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { single, multi };
}

function headerPairs(request: IncomingMessage): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = request.rawHeaders[i] ?? '';
    if (!HOP_BY_HOP.has(name.toLowerCase())) pairs.push([name, request.rawHeaders[i + 1] ?? '']);
  }
  return pairs;
}

/** The route key a message selects by `$request.body.action`, before the `$default` fallback. */
export function actionOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const action = (parsed as Record<string, unknown>).action;
    return typeof action === 'string' ? action : undefined;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `statusCode` a handler returned; API Gateway treats a missing one as success. */
function statusOfResult(outcome: InvocationOutcome): number {
  if (!outcome.ok) return 500;
  const { value } = outcome;
  if (isRecord(value) && typeof value.statusCode === 'number') return value.statusCode;
  return 200;
}

function headerOf(result: unknown, name: string): string | undefined {
  if (!isRecord(result) || !isRecord(result.headers)) return undefined;
  for (const [key, value] of Object.entries(result.headers)) {
    if (key.toLowerCase() !== name) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
  }
  return undefined;
}

/** API Gateway's error frame, in its exact (unevenly spaced) format. */
function errorFrame(message: string, connectionId: string, requestId: string): string {
  return `{"message": "${message}", "connectionId":"${connectionId}", "requestId":"${requestId}"}`;
}

/** Writes a plain HTTP answer on a socket whose upgrade is refused. */
function rejectHandshake(socket: Duplex, status: number, body = ''): void {
  if (socket.destroyed) return;
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
  ];
  socket.once('finish', () => socket.destroy());
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

/** The WebSocket gateway and its Management API, on one HTTP server. */
export class WebSocketGateway {
  readonly #options: WebSocketGatewayOptions;
  readonly #server: Server;
  readonly #wss: WebSocketServer;
  readonly #connectionsApi: ConnectionsApi;
  readonly #connections = new Map<string, LiveConnection>();
  /** Subprotocols `$connect` chose, by handshake request. */
  readonly #protocols = new WeakMap<IncomingMessage, string>();
  readonly #pending = new Set<Promise<unknown>>();
  #stopping = false;
  #runtime: LambdaRuntime | undefined;

  private constructor(options: WebSocketGatewayOptions) {
    this.#options = options;
    this.#connectionsApi = new ConnectionsApi({
      stage: options.stage,
      lookup: (id) => this.#connections.get(id),
      faults: options.faults,
      stats: options.stats,
      logger: options.logger,
    });
    this.#wss = new WebSocketServer({
      noServer: true,
      // The frame guard enforces the limits with API Gateway's codes first; this is a backstop.
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      handleProtocols: (_offered, request) => this.#protocols.get(request) ?? false,
    });
    this.#server = createServer((request, response) => {
      this.#track(this.#onRequest(request, response));
    });
    this.#server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.#track(this.#onUpgrade(request, socket, head));
    });
  }

  /**
   * Binds the port. Handshakes are refused with 503 until {@link attach} hands over the
   * handlers, so the port is known (for `CONNECTIONS_ENDPOINT`) before they load.
   */
  static async listen(options: WebSocketGatewayOptions): Promise<WebSocketGateway> {
    const gateway = new WebSocketGateway(options);
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

  /** Ids of the open connections. */
  get connectionIds(): string[] {
    return [...this.#connections.keys()];
  }

  #track(work: Promise<unknown>): void {
    const tracked = work.catch((error: unknown) => {
      this.#options.logger.error(
        `WebSocket gateway: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  async #onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const rawPath = (request.url ?? '/').split('?')[0] ?? '/';
    const connectionId = this.#connectionsApi.connectionIdOf(rawPath);
    if (connectionId !== undefined) {
      await this.#connectionsApi.handle(request, response, connectionId);
      return;
    }
    await drain(request);
    const body = JSON.stringify({ message: 'Forbidden' });
    response.writeHead(403, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-ErrorType': 'ForbiddenException',
    });
    response.end(body);
  }

  #isStopping(): boolean {
    return this.#stopping;
  }

  #isStagePath(pathname: string): boolean {
    const stage = `/${this.#options.stage}`;
    return pathname === stage || pathname === `${stage}/`;
  }

  async #onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const { routes, stats } = this.#options;
    const runtime = this.#runtime;
    socket.on('error', () => undefined);
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (runtime === undefined || this.#stopping) {
      stats.websocket.handshakesRejected += 1;
      rejectHandshake(socket, 503, JSON.stringify({ message: 'Service Unavailable' }));
      return;
    }
    if (!this.#isStagePath(url.pathname)) {
      stats.websocket.handshakesRejected += 1;
      rejectHandshake(socket, 403, JSON.stringify({ message: 'Forbidden' }));
      return;
    }
    const key = request.headers['sec-websocket-key'];
    const version = request.headers['sec-websocket-version'];
    if (
      request.method !== 'GET' ||
      request.headers.upgrade?.toLowerCase() !== 'websocket' ||
      key === undefined ||
      !/^[+/0-9A-Za-z]{22}==$/.test(key) ||
      (version !== '13' && version !== '8')
    ) {
      stats.websocket.handshakesRejected += 1;
      rejectHandshake(socket, 400, JSON.stringify({ message: 'Bad Request' }));
      return;
    }
    const handshake = { socketClosed: false };
    socket.once('close', () => {
      handshake.socketClosed = true;
    });
    const now = Date.now();
    const info: ConnectionInfo = {
      id: newOpaqueId(),
      connectedAt: now,
      sourceIp: sourceIpOf(request),
      userAgent: request.headers['user-agent'] ?? '',
      domainName: request.headers.host ?? `${this.#options.host}:${this.port}`,
    };
    const route = routes.get('$connect');
    let protocol: string | undefined;
    if (route !== undefined) {
      const forwarded = request.headers['x-forwarded-for'];
      const forwardedFor = Array.isArray(forwarded) ? forwarded.join(', ') : forwarded;
      const pairs = headerPairs(request).filter(([name]) => !ADDED_HEADERS.has(name.toLowerCase()));
      pairs.push(
        ['X-Amzn-Trace-Id', `Root=1-${Math.floor(now / 1000).toString(16)}-${traceSuffix()}`],
        [
          'X-Forwarded-For',
          forwardedFor === undefined ? info.sourceIp : `${forwardedFor}, ${info.sourceIp}`,
        ],
        ['X-Forwarded-Port', String(this.port)],
        ['X-Forwarded-Proto', 'http'],
      );
      const headers = valueMaps(pairs);
      const query = valueMaps([...url.searchParams.entries()]);
      const requestId = newOpaqueId();
      const event: WebSocketEvent = {
        headers: headers.single,
        multiValueHeaders: headers.multi,
        ...(url.searchParams.size > 0
          ? {
              queryStringParameters: query.single,
              multiValueQueryStringParameters: query.multi,
            }
          : {}),
        requestContext: this.#requestContext(info, {
          routeKey: '$connect',
          eventType: 'CONNECT',
          requestId,
          requestTimeEpoch: now,
        }),
        isBase64Encoded: false,
      };
      const outcome = await runtime.invoke(route.functionName, event, {
        route: '$connect',
        statusOf: statusOfResult,
      });
      if (!outcome.ok) {
        stats.websocket.handshakesRejected += 1;
        rejectHandshake(socket, 500, JSON.stringify({ message: 'Internal server error' }));
        return;
      }
      const status = statusOfResult(outcome);
      if (status < 200 || status > 299) {
        stats.websocket.handshakesRejected += 1;
        const body =
          isRecord(outcome.value) && typeof outcome.value.body === 'string'
            ? outcome.value.body
            : '';
        rejectHandshake(socket, status, body);
        return;
      }
      protocol = headerOf(outcome.value, 'sec-websocket-protocol');
    }
    if (handshake.socketClosed || this.#isStopping()) {
      // `$connect` accepted a client that left meanwhile: its records need the disconnect.
      socket.destroy();
      await this.#fireDisconnect(info, {
        code: CloseCode.abnormal,
        reason: DISCONNECT_REASONS[CloseCode.abnormal] ?? '',
      });
      return;
    }
    if (protocol !== undefined) this.#protocols.set(request, protocol);
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      this.#onOpen(ws, socket, info);
    });
  }

  #requestContext(
    info: ConnectionInfo,
    fields: {
      routeKey: string;
      eventType: WebSocketRequestContext['eventType'];
      requestId: string;
      requestTimeEpoch: number;
      messageId?: string;
      disconnect?: CloseInfo;
    },
  ): WebSocketRequestContext {
    return {
      routeKey: fields.routeKey,
      ...(fields.messageId === undefined ? {} : { messageId: fields.messageId }),
      ...(fields.disconnect === undefined ? {} : { disconnectStatusCode: fields.disconnect.code }),
      eventType: fields.eventType,
      extendedRequestId: fields.requestId,
      requestTime: clfTime(fields.requestTimeEpoch),
      messageDirection: 'IN',
      ...(fields.disconnect === undefined ? {} : { disconnectReason: fields.disconnect.reason }),
      stage: this.#options.stage,
      connectedAt: info.connectedAt,
      requestTimeEpoch: fields.requestTimeEpoch,
      identity: { sourceIp: info.sourceIp, userAgent: info.userAgent },
      requestId: fields.requestId,
      domainName: info.domainName,
      connectionId: info.id,
      apiId: this.#options.apiId,
    };
  }

  #onOpen(ws: WebSocket, socket: Duplex, info: ConnectionInfo): void {
    const { stats, idleTimeoutSeconds, maxConnectionSeconds } = this.#options;
    const connection = new LiveConnection(
      info,
      ws,
      (target, closeInfo, frameReason) => {
        this.#serverClose(target, closeInfo, frameReason);
      },
      () => {
        stats.websocket.messagesOut += 1;
      },
    );
    this.#connections.set(info.id, connection);
    stats.websocket.connectionsOpened += 1;
    stats.websocket.openConnections += 1;
    const guard = new FrameGuard({
      maxFrameBytes: MAX_FRAME_BYTES,
      maxMessageBytes: MAX_MESSAGE_BYTES,
    });
    // Runs before ws's own listener, so a breach is known before ws assembles the message.
    socket.prependListener('data', (chunk: Buffer) => {
      const violation = guard.push(chunk);
      if (violation !== undefined) this.#serverClose(connection, violation, violation.reason);
    });
    const goingAway = {
      code: CloseCode.goingAway,
      reason: DISCONNECT_REASONS[CloseCode.goingAway] ?? '',
    };
    connection.idleTimer = setTimeout(() => {
      this.#serverClose(connection, goingAway, goingAway.reason);
    }, idleTimeoutSeconds * 1000);
    connection.maxTimer = setTimeout(() => {
      this.#serverClose(connection, goingAway, goingAway.reason);
    }, maxConnectionSeconds * 1000);
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (connection.closing !== undefined || isBinary) return;
      connection.lastActiveAt = Date.now();
      connection.idleTimer?.refresh();
      this.#track(this.#onMessage(connection, data.toString('utf8')));
    });
    ws.on('error', (error) => {
      this.#options.logger.warn(`WebSocket ${info.id}: ${error.message}`);
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.#onClose(connection, code, reason.toString('utf8'));
    });
  }

  async #onMessage(connection: LiveConnection, body: string): Promise<void> {
    const { routes, stats } = this.#options;
    const runtime = this.#runtime;
    if (runtime === undefined) return;
    stats.websocket.messagesIn += 1;
    const action = actionOf(body);
    const routeKey = action !== undefined && routes.has(action) ? action : '$default';
    const route = routes.get(routeKey);
    const requestId = newOpaqueId();
    if (route === undefined) {
      connection.send(errorFrame('Forbidden', connection.id, requestId));
      return;
    }
    const now = Date.now();
    const event: WebSocketEvent = {
      requestContext: this.#requestContext(connection, {
        routeKey,
        eventType: 'MESSAGE',
        messageId: newOpaqueId(),
        requestId,
        requestTimeEpoch: now,
      }),
      body,
      isBase64Encoded: false,
    };
    const outcome = await runtime.invoke(route.functionName, event, {
      route: routeKey,
      statusOf: statusOfResult,
    });
    if (!outcome.ok) {
      connection.send(errorFrame('Internal server error', connection.id, requestId));
      return;
    }
    if (!route.twoWay || !isRecord(outcome.value)) return;
    const reply = outcome.value.body;
    if (typeof reply === 'string') connection.send(reply);
    else if (reply !== undefined && reply !== null) connection.send(JSON.stringify(reply));
  }

  #serverClose(connection: LiveConnection, info: CloseInfo, frameReason: string): void {
    if (connection.closing !== undefined) return;
    connection.closing = info;
    this.#connections.delete(connection.id);
    clearTimeout(connection.idleTimer);
    clearTimeout(connection.maxTimer);
    connection.socket.close(info.code, frameReason);
    connection.graceTimer = setTimeout(() => {
      connection.socket.terminate();
    }, CLOSE_GRACE_MS);
  }

  #onClose(connection: LiveConnection, code: number, reason: string): void {
    const { stats } = this.#options;
    clearTimeout(connection.idleTimer);
    clearTimeout(connection.maxTimer);
    clearTimeout(connection.graceTimer);
    this.#connections.delete(connection.id);
    stats.websocket.connectionsClosed += 1;
    stats.websocket.openConnections -= 1;
    const info: CloseInfo = connection.closing ?? {
      code,
      reason: reason !== '' ? reason : (DISCONNECT_REASONS[code] ?? ''),
    };
    this.#track(this.#fireDisconnect(connection, info));
  }

  async #fireDisconnect(connection: ConnectionInfo, info: CloseInfo): Promise<void> {
    const { routes, faults, stats, logger } = this.#options;
    const runtime = this.#runtime;
    const route = routes.get('$disconnect');
    if (route === undefined || runtime === undefined) return;
    if (faults.dropDisconnect()) {
      stats.faults.droppedDisconnects += 1;
      logger.info(`fault: $disconnect of ${connection.id} dropped`);
      return;
    }
    const now = Date.now();
    const host = connection.domainName;
    const headers = { Host: host, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
    const event: WebSocketEvent = {
      headers,
      multiValueHeaders: Object.fromEntries(
        Object.entries(headers).map(([name, value]) => [name, [value]]),
      ),
      requestContext: this.#requestContext(connection, {
        routeKey: '$disconnect',
        eventType: 'DISCONNECT',
        requestId: newOpaqueId(),
        requestTimeEpoch: now,
        disconnect: info,
      }),
      isBase64Encoded: false,
    };
    await runtime.invoke(route.functionName, event, {
      route: '$disconnect',
      statusOf: statusOfResult,
    });
  }

  /**
   * Closes every connection (1001, firing `$disconnect`), waits for the invocations that
   * causes, and stops listening.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    const goingAway = {
      code: CloseCode.goingAway,
      reason: DISCONNECT_REASONS[CloseCode.goingAway] ?? '',
    };
    const open = [...this.#connections.values()];
    const closed = open.map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.socket.readyState === connection.socket.CLOSED) resolve();
          else
            connection.socket.once('close', () => {
              resolve();
            });
        }),
    );
    for (const connection of open) this.#serverClose(connection, goingAway, goingAway.reason);
    await Promise.all(closed);
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    this.#wss.close();
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
      this.#server.closeAllConnections();
    });
  }
}
