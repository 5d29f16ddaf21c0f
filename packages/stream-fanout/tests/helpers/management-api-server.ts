/**
 * A local HTTP server that answers `POST /{stage}/@connections/{connectionId}` like API
 * Gateway's Management API: 200 with an empty body, or an error status with the
 * `x-amzn-ErrorType` header and a JSON body, optionally after a delay.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One post the server received. */
export interface ReceivedPost {
  readonly connectionId: string;
  readonly data: string;
  /** Which TCP connection carried it (1, 2, …), to observe keep-alive reuse. */
  readonly socket: number;
  /** How many posts to this connection id arrived so far, this one included. */
  readonly attempt: number;
}

/** How to answer one post. */
export interface Answer {
  readonly status: number;
  /** Sent as `x-amzn-ErrorType`, as API Gateway does for errors. */
  readonly errorType?: string;
  /** Wait this long before answering. */
  readonly delayMs?: number;
}

export const OK: Answer = { status: 200 };
export const GONE: Answer = { status: 410, errorType: 'GoneException' };
export const THROTTLED: Answer = { status: 429, errorType: 'LimitExceededException' };
export const TOO_LARGE: Answer = { status: 413, errorType: 'PayloadTooLargeException' };
export const INTERNAL: Answer = { status: 500, errorType: 'InternalServerErrorException' };

const MESSAGES: Record<number, string> = {
  410: 'Gone',
  413: 'Request entity too large',
  429: 'Rate exceeded',
  500: 'Internal server error',
};

export class ManagementApiServer {
  /** Every post received, in arrival order. */
  public readonly posts: ReceivedPost[] = [];
  /** Posts answered 2xx, in the order the answers went out: what clients would receive. */
  public readonly delivered: ReceivedPost[] = [];
  /** Decides each answer; 200 unless a test says otherwise. */
  public answer: (post: ReceivedPost) => Answer = () => OK;
  /** Requests being answered right now, and the most seen at once. */
  public active = 0;
  public maxActive = 0;
  readonly #server: Server;
  readonly #sockets = new WeakMap<Socket, number>();
  #socketCount = 0;
  readonly #attempts = new Map<string, number>();

  private constructor(public readonly stage: string) {
    this.#server = createServer((request, response) => {
      void this.#handle(request, response);
    });
    this.#server.on('connection', (socket) => {
      this.#socketCount += 1;
      this.#sockets.set(socket, this.#socketCount);
    });
  }

  /** Starts a server on a free port of 127.0.0.1. */
  public static async start(stage = 'local'): Promise<ManagementApiServer> {
    const server = new ManagementApiServer(stage);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  /** The Management API endpoint to configure clients with: `http://127.0.0.1:{port}/{stage}`. */
  public get endpoint(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/${this.stage}`;
  }

  /** Forgets the posts and goes back to answering 200. */
  public reset(): void {
    this.posts.length = 0;
    this.delivered.length = 0;
    this.#attempts.clear();
    this.answer = () => OK;
    this.maxActive = 0;
  }

  /** TCP connections accepted so far. */
  public get socketCount(): number {
    return this.#socketCount;
  }

  /** The events delivered to one connection id, parsed, in delivery order. */
  public eventsFor(connectionId: string): Record<string, unknown>[] {
    return this.delivered
      .filter((post) => post.connectionId === connectionId)
      .map((post) => JSON.parse(post.data) as Record<string, unknown>);
  }

  public async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => {
      this.#server.close((error) => {
        if (error === undefined) resolve();
        else reject(error);
      });
    });
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const prefix = `/${this.stage}/@connections/`;
    const path = request.url ?? '';
    if (request.method !== 'POST' || !path.startsWith(prefix)) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Not Found' }));
      return;
    }
    const connectionId = decodeURIComponent(path.slice(prefix.length));
    const attempt = (this.#attempts.get(connectionId) ?? 0) + 1;
    this.#attempts.set(connectionId, attempt);
    const post: ReceivedPost = {
      connectionId,
      data: Buffer.concat(chunks).toString('utf8'),
      socket: this.#sockets.get(request.socket) ?? 0,
      attempt,
    };
    this.posts.push(post);
    // Counted until the answer is sent or the client gives up on it.
    this.active += 1;
    this.maxActive = Math.max(this.maxActive, this.active);
    response.once('close', () => {
      this.active -= 1;
    });
    const answer = this.answer(post);
    if (answer.delayMs !== undefined) {
      await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    }
    if (response.destroyed) return;
    if (answer.status < 300) {
      this.delivered.push(post);
      response.writeHead(answer.status, { 'content-length': '0' });
      response.end();
      return;
    }
    const body = JSON.stringify({ message: MESSAGES[answer.status] ?? null });
    response.writeHead(answer.status, {
      'content-type': 'application/json',
      ...(answer.errorType === undefined ? {} : { 'x-amzn-errortype': answer.errorType }),
      'x-amzn-requestid': `req-${this.posts.length}`,
    });
    response.end(body);
  }
}
