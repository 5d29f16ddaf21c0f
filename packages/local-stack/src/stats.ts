/**
 * Counters of everything the stack does. They are live: read them at any time (benchmarks
 * divide invocation counts by messages sent), and reset them between measurements.
 */
import type { InvocationRecord } from './logger.js';
import type { StreamOnFailureRecord } from './on-failure-log.js';

/** Invocations of one function. */
export interface FunctionStats {
  invocations: number;
  /** Invocations that threw or timed out. */
  errors: number;
  /** Invocations that ran past the function's timeout (counted in `errors` too). */
  timeouts: number;
  totalDurationMs: number;
}

/** Invocations through one route: a WebSocket route key, an HTTP route key, or `table-stream`. */
export interface RouteStats {
  functionName: string;
  invocations: number;
  errors: number;
}

/** What the stack has done since it started (or since `resetStats()`). */
export interface LocalStackStats {
  /** Handler invocations of every function. */
  invocations: number;
  /** By function name, e.g. `stream-fanout`. */
  byFunction: Record<string, FunctionStats>;
  /** By route key, e.g. `sendMessage`, `$connect`, `GET /rooms/{roomId}/messages`, `table-stream`. */
  byRoute: Record<string, RouteStats>;
  websocket: {
    connectionsOpened: number;
    connectionsClosed: number;
    /** Connections open right now (not reset by `resetStats()`). */
    openConnections: number;
    handshakesRejected: number;
    /** Text frames received from clients (whole messages). */
    messagesIn: number;
    /** Messages sent to clients: route responses, error frames and `@connections` POSTs. */
    messagesOut: number;
  };
  managementApi: {
    posts: number;
    gets: number;
    deletes: number;
    /** Requests answered 410 because the connection does not exist (faults excluded). */
    gone: number;
  };
  stream: {
    /** Batches delivered to a stream function, duplicates and retries included. */
    batches: number;
    /** Records delivered, duplicates and retries included. */
    records: number;
    /** Records the trigger's filter patterns kept from the function. */
    filteredOut: number;
    /**
     * REMOVE records without an old image that DynamoDB Local writes when two deletes of one
     * item race (DynamoDB writes one record per change); dropped, not delivered.
     */
    phantomRemoves: number;
    /** Re-deliveries after an error or reported item failures. */
    retries: number;
    /** Batches split in two after a function error. */
    bisections: number;
  };
  faults: {
    droppedDisconnects: number;
    gonePosts: number;
    throttledPosts: number;
    duplicatedBatches: number;
  };
  /** Every on-failure record written (the stream batches given up on). */
  onFailure: StreamOnFailureRecord[];
}

/** Fresh, zeroed stats. */
export function createStats(): LocalStackStats {
  return {
    invocations: 0,
    byFunction: {},
    byRoute: {},
    websocket: {
      connectionsOpened: 0,
      connectionsClosed: 0,
      openConnections: 0,
      handshakesRejected: 0,
      messagesIn: 0,
      messagesOut: 0,
    },
    managementApi: { posts: 0, gets: 0, deletes: 0, gone: 0 },
    stream: {
      batches: 0,
      records: 0,
      filteredOut: 0,
      phantomRemoves: 0,
      retries: 0,
      bisections: 0,
    },
    faults: { droppedDisconnects: 0, gonePosts: 0, throttledPosts: 0, duplicatedBatches: 0 },
    onFailure: [],
  };
}

/** Zeroes the counters in place (open connections stay as they are). */
export function resetStats(stats: LocalStackStats): void {
  const fresh = createStats();
  const open = stats.websocket.openConnections;
  stats.invocations = 0;
  stats.byFunction = fresh.byFunction;
  stats.byRoute = fresh.byRoute;
  stats.websocket = { ...fresh.websocket, openConnections: open };
  stats.managementApi = fresh.managementApi;
  stats.stream = fresh.stream;
  stats.faults = fresh.faults;
  stats.onFailure.length = 0;
}

/** Counts one finished invocation. */
export function countInvocation(
  stats: LocalStackStats,
  record: InvocationRecord & { readonly failed: boolean; readonly timedOut: boolean },
): void {
  stats.invocations += 1;
  const fn = (stats.byFunction[record.functionName] ??= {
    invocations: 0,
    errors: 0,
    timeouts: 0,
    totalDurationMs: 0,
  });
  fn.invocations += 1;
  fn.totalDurationMs += record.durationMs;
  if (record.failed) fn.errors += 1;
  if (record.timedOut) fn.timeouts += 1;
  const route = (stats.byRoute[record.route] ??= {
    functionName: record.functionName,
    invocations: 0,
    errors: 0,
  });
  route.invocations += 1;
  if (record.failed) route.errors += 1;
}
