/**
 * The server side of a benchmark, in its own process so it has a core to itself and its
 * memory is measured alone: our stack, the seed's design on the same local stack, or the
 * raw broadcast floor. The parent drives it over Node's IPC channel (see `ServerHandle`).
 */
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { connectionServiceApp } from '@chat/connection-service/app';
import { startLocalStack, type LocalStack, type LocalStackStats } from '@chat/local-stack';
import { messageServiceApp } from '@chat/message-service/app';
import { streamFanoutApp } from '@chat/stream-fanout/app';
import { startFloorServer, type FloorServer } from './floor-server.js';
import { seedFanoutApp } from './seed/seed-app.js';

/** Which server to run. */
export type ServerKind = 'ours' | 'seed' | 'floor';

export interface StartRequest {
  readonly kind: ServerKind;
  /** Where the stack's table lives; the floor has none. */
  readonly dynamodbEndpoint: string | undefined;
  readonly pollIntervalMs: number;
}

/** What the server reports about itself. */
export interface ServerSample {
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** Event-loop delay since the last reset, in milliseconds. */
  readonly eventLoopDelayMs: { p50: number; p99: number; max: number };
  /** Local stack counters (undefined for the floor). */
  readonly stats: LocalStackStats | undefined;
  readonly openConnections: number;
}

export type Request =
  | { readonly type: 'start'; readonly start: StartRequest }
  | { readonly type: 'sample'; readonly gc: boolean }
  | { readonly type: 'reset' }
  | { readonly type: 'stop' };

export type Reply =
  | { readonly type: 'started'; readonly url: string; readonly tableName: string | undefined }
  | { readonly type: 'sample'; readonly sample: ServerSample }
  | { readonly type: 'done' }
  | { readonly type: 'error'; readonly message: string };

const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
let stack: LocalStack | undefined;
let floor: FloorServer | undefined;

function reply(message: Reply): void {
  process.send?.(message);
}

function sample(): ServerSample {
  const memory = process.memoryUsage();
  const ms = (nanoseconds: number): number => Math.round(nanoseconds / 1e4) / 100;
  return {
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    eventLoopDelayMs: {
      p50: ms(delay.percentile(50)),
      p99: ms(delay.percentile(99)),
      max: ms(delay.max),
    },
    stats: stack === undefined ? undefined : structuredClone(stack.stats),
    openConnections: stack?.stats.websocket.openConnections ?? 0,
  };
}

async function start(request: StartRequest): Promise<Reply> {
  if (request.kind === 'floor') {
    floor = await startFloorServer();
    return { type: 'started', url: floor.url, tableName: undefined };
  }
  if (request.dynamodbEndpoint === undefined) throw new Error(`${request.kind} needs DynamoDB`);
  const fanout = request.kind === 'ours' ? streamFanoutApp : seedFanoutApp;
  stack = await startLocalStack({
    websocketPort: 0,
    httpPort: 0,
    lambdaPort: 0,
    dynamodbEndpoint: request.dynamodbEndpoint,
    tableName: `bench-${request.kind}-${randomUUID()}`,
    pollIntervalMs: request.pollIntervalMs,
    apps: [connectionServiceApp, messageServiceApp, fanout],
  });
  return { type: 'started', url: stack.endpoints.websocket, tableName: stack.tableName };
}

async function handle(request: Request): Promise<Reply> {
  switch (request.type) {
    case 'start':
      return start(request.start);
    case 'sample':
      if (request.gc) (globalThis as { gc?: () => void }).gc?.();
      return { type: 'sample', sample: sample() };
    case 'reset':
      delay.reset();
      stack?.resetStats();
      return { type: 'done' };
    case 'stop':
      await stack?.stop();
      await floor?.close();
      return { type: 'done' };
  }
}

process.on('message', (request: Request) => {
  handle(request)
    .then(reply, (error: unknown) => {
      reply({
        type: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    })
    .finally(() => {
      if (request.type === 'stop') process.disconnect();
    });
});
