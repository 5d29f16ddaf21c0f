/**
 * The shape of an app description: what each service tells the two runtimes (the CDKTF app
 * and the local stack) about its functions. Both build routes, triggers, environment and
 * permissions from these descriptions only, so they cannot drift apart.
 */

/** A WebSocket API route served by a function. */
export interface WebSocketTrigger {
  readonly type: 'websocket';
  /** `$connect`, `$disconnect`, `$default`, or an action name. */
  readonly routeKey: string;
  /**
   * Two-way route: the handler's returned `body` goes back to the caller (an API Gateway
   * route response). `$connect` and `$disconnect` are never two-way.
   */
  readonly twoWay: boolean;
}

/** An HTTP API (payload format 2.0) route served by a function. */
export interface HttpTrigger {
  readonly type: 'http';
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway path template, e.g. `/rooms/{roomId}/messages`. */
  readonly path: string;
  /** `iam`: only SigV4-signed callers with `execute-api:Invoke` (server-side services). */
  readonly authorization: 'none' | 'iam';
}

/** The table's stream, consumed like a Lambda event source mapping. */
export interface TableStreamTrigger {
  readonly type: 'table-stream';
  readonly batchSize: number;
  readonly maximumBatchingWindowSeconds: number;
  readonly maximumRetryAttempts: number;
  readonly maximumRecordAgeSeconds: number;
  readonly bisectBatchOnFunctionError: boolean;
  readonly parallelizationFactor: number;
  readonly startingPosition: 'LATEST' | 'TRIM_HORIZON';
  /** Report failed records by sequence number (`ReportBatchItemFailures`). */
  readonly reportBatchItemFailures: boolean;
  /**
   * Lambda event filter patterns (JSON objects); a record invokes the function when it
   * matches any of them.
   */
  readonly filterPatterns: readonly Readonly<Record<string, unknown>>[];
}

export type Trigger = WebSocketTrigger | HttpTrigger | TableStreamTrigger;

/** Where the value of an environment variable comes from. */
export type EnvironmentSource =
  /** The table's name. */
  | { readonly from: 'tableName' }
  /** The Management API endpoint, `https://{api}.execute-api.{region}.amazonaws.com/{stage}`. */
  | { readonly from: 'connectionsEndpoint' }
  /** A fixed value. */
  | { readonly from: 'value'; readonly value: string };

/** Table actions a function may use. */
export type TableAccess = 'read' | 'read-write';

/** What a function may touch; IAM policies are derived from this and nothing else. */
export interface FunctionPermissions {
  readonly table?: TableAccess;
  /** Read the table's stream (only the fan-out needs it). */
  readonly tableStream?: boolean;
  /** Management API methods the function calls on `@connections/*`. */
  readonly manageConnections?: readonly ('POST' | 'GET' | 'DELETE')[];
}

/** One Lambda function of a service. */
export interface FunctionDescription {
  /** Unique across the app, kebab-case, e.g. `connection-websocket`. */
  readonly name: string;
  readonly description: string;
  /** Absolute path of the built handler module (JavaScript, ESM). */
  readonly entry: string;
  /** Name of the exported handler in `entry`. */
  readonly handler: string;
  readonly triggers: readonly Trigger[];
  readonly environment: Readonly<Record<string, EnvironmentSource>>;
  readonly permissions: FunctionPermissions;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
}

/** Everything one service package deploys. */
export interface AppDescription {
  readonly service: string;
  readonly functions: readonly FunctionDescription[];
}

/** Every trigger of every function of the given services, with the function's name. */
export function listTriggers(
  apps: readonly AppDescription[],
): { readonly functionName: string; readonly trigger: Trigger }[] {
  return apps.flatMap((app) =>
    app.functions.flatMap((fn) =>
      fn.triggers.map((trigger) => ({ functionName: fn.name, trigger })),
    ),
  );
}
