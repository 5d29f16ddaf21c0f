/**
 * Starts the whole backend on this machine: DynamoDB Local with the chat table, the
 * WebSocket gateway with its Management API, the HTTP gateway and the stream poller, all
 * wired from the services' app descriptions and nothing else.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { connectionServiceApp } from '@chat/connection-service/app';
import { listTriggers, type AppDescription, type TableStreamTrigger } from '@chat/domain';
import { createChatTable, startDynamoDbLocal, type DynamoDbLocal } from '@chat/dynamodb-local';
import { messageServiceApp } from '@chat/message-service/app';
import { streamFanoutApp } from '@chat/stream-fanout/app';
import { newApiId } from './aws-format.js';
import {
  DYNAMODB_ENDPOINT_VARIABLE,
  LOCAL_ACCOUNT_ID,
  LOCAL_CREDENTIALS,
  LocalStackDefaults,
} from './constants.js';
import { functionEnvironment } from './environment.js';
import { ConfigurationError } from './errors.js';
import { FaultInjector, type FaultOptions } from './faults.js';
import { DEFAULT_CORS, HttpGateway, type CorsOptions } from './http-gateway.js';
import type { HttpRoute } from './http-routes.js';
import { LambdaApi } from './lambda-api.js';
import { LambdaRuntime } from './lambda-runtime.js';
import { silentLogger, type LocalStackLogger } from './logger.js';
import { OnFailureLog } from './on-failure-log.js';
import { createStats, resetStats, type LocalStackStats } from './stats.js';
import { StreamPoller, type StreamMapping } from './stream-poller.js';
import { WebSocketGateway, type WebSocketRoute } from './websocket-gateway.js';

/** The three services of the chat backend: what `startLocalStack()` runs by default. */
export const defaultApps: readonly AppDescription[] = [
  connectionServiceApp,
  messageServiceApp,
  streamFanoutApp,
];

/** Options of {@link startLocalStack}; every one has a default. */
export interface LocalStackOptions {
  /** WebSocket gateway and Management API port; default 3001, `0` picks a free one. */
  readonly websocketPort?: number;
  /** HTTP API port; default 3000, `0` picks a free one. */
  readonly httpPort?: number;
  /** DynamoDB Local port; default 8000, `0` picks a free one. */
  readonly dynamodbPort?: number;
  /** Lambda Invoke API port (for handlers that invoke functions); default 3002, `0` picks a free one. */
  readonly lambdaPort?: number;
  /** Interface the gateways listen on; default `127.0.0.1`. */
  readonly host?: string;
  /** Stage in WebSocket and Management API paths; default `local`. */
  readonly stage?: string;
  /** Region handlers and records see; default `us-east-1`. */
  readonly region?: string;
  /** Pause between stream polls of a quiet shard; default 250 ms (Lambda polls 4 times a second). */
  readonly pollIntervalMs?: number;
  /** Keep DynamoDB Local's data in this folder across runs; default in memory. */
  readonly persistDir?: string;
  /** Use this running DynamoDB instead of starting DynamoDB Local (`dynamodbPort` and `persistDir` are then ignored). */
  readonly dynamodbEndpoint?: string;
  /** Table name; default `{stage}-chat`. */
  readonly tableName?: string;
  /** WebSocket idle timeout; default 600 s like API Gateway. */
  readonly idleTimeoutSeconds?: number;
  /** WebSocket maximum connection duration; default 7200 s like API Gateway. */
  readonly maxConnectionSeconds?: number;
  /** The services to run; default the three real ones ({@link defaultApps}). */
  readonly apps?: readonly AppDescription[];
  /** Failures to inject on purpose; all off by default. */
  readonly faults?: FaultOptions;
  /** The HTTP API's CORS configuration; default any origin, `false` for none. */
  readonly cors?: CorsOptions | false;
  /** JSON-lines file for stream batches given up on; they always land in `stats.onFailure`. */
  readonly onFailureLogPath?: string;
  /** Where invocation lines, warnings and errors go; default silent. */
  readonly logger?: LocalStackLogger;
}

/** Where the running stack answers. */
export interface LocalStackEndpoints {
  /** `ws://127.0.0.1:3001/local` */
  readonly websocket: string;
  /** The Management API endpoint for `ApiGatewayManagementApiClient`: `http://127.0.0.1:3001/local`. */
  readonly connections: string;
  /** `http://127.0.0.1:3000` */
  readonly http: string;
  /** `http://127.0.0.1:8000` */
  readonly dynamodb: string;
  /** Lambda's Invoke API for `LambdaClient`: `http://127.0.0.1:3002`. */
  readonly lambda: string;
}

/** A running local stack. */
export interface LocalStack {
  readonly endpoints: LocalStackEndpoints;
  readonly tableName: string;
  readonly streamArn: string;
  readonly region: string;
  readonly stage: string;
  /** Live counters; see {@link LocalStackStats}. */
  readonly stats: LocalStackStats;
  /** The fault injector's seed, to repeat a run with the same draws. */
  readonly faultSeed: number;
  /** Ids of the open WebSocket connections. */
  connectionIds(): string[];
  /** Zeroes the counters (e.g. between benchmark phases). */
  resetStats(): void;
  /** Stops everything, DynamoDB Local's JVM included. Safe to call twice. */
  stop(): Promise<void>;
}

/** How a set of app descriptions is wired: what the gateways route and the poller feeds. */
export interface Wiring {
  readonly websocketRoutes: Map<string, WebSocketRoute>;
  readonly httpRoutes: HttpRoute[];
  readonly streamMappings: StreamMapping[];
}

function checkPort(name: string, port: number): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigurationError(`${name} must be a port number (0 to 65535), got ${port}.`);
  }
  return port;
}

function checkPositive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigurationError(`${name} must be a positive number, got ${value}.`);
  }
  return value;
}

/** Routes, HTTP routes and stream mappings of a set of app descriptions. */
export function wire(apps: readonly AppDescription[]): Wiring {
  const websocketRoutes = new Map<string, WebSocketRoute>();
  const httpRoutes: HttpRoute[] = [];
  const streamMappings: StreamMapping[] = [];
  for (const { functionName, trigger } of listTriggers(apps)) {
    switch (trigger.type) {
      case 'websocket': {
        const existing = websocketRoutes.get(trigger.routeKey);
        if (existing !== undefined) {
          throw new ConfigurationError(
            `WebSocket route ${trigger.routeKey} is served by both ${existing.functionName} and ${functionName}.`,
          );
        }
        websocketRoutes.set(trigger.routeKey, { functionName, twoWay: trigger.twoWay });
        break;
      }
      case 'http': {
        const routeKey = `${trigger.method} ${trigger.path}`;
        const existing = httpRoutes.find((route) => route.routeKey === routeKey);
        if (existing !== undefined) {
          throw new ConfigurationError(
            `HTTP route ${routeKey} is served by both ${existing.functionName} and ${functionName}.`,
          );
        }
        httpRoutes.push({
          method: trigger.method,
          path: trigger.path,
          routeKey,
          functionName,
          authorization: trigger.authorization,
        });
        break;
      }
      case 'table-stream':
        checkStreamTrigger(functionName, trigger);
        streamMappings.push({ functionName, trigger });
        break;
    }
  }
  return { websocketRoutes, httpRoutes, streamMappings };
}

function checkStreamTrigger(functionName: string, trigger: TableStreamTrigger): void {
  if (!Number.isInteger(trigger.batchSize) || trigger.batchSize < 1 || trigger.batchSize > 10000) {
    throw new ConfigurationError(`${functionName}: batchSize must be 1 to 10000.`);
  }
  if (trigger.maximumBatchingWindowSeconds < 0 || trigger.maximumBatchingWindowSeconds > 300) {
    throw new ConfigurationError(`${functionName}: maximumBatchingWindowSeconds must be 0 to 300.`);
  }
  if (trigger.maximumRetryAttempts < -1) {
    throw new ConfigurationError(`${functionName}: maximumRetryAttempts must be -1 or more.`);
  }
}

/**
 * Starts the local stack and resolves once every part is ready: a record written to the
 * table after this resolves reaches the stream functions.
 *
 * @throws {ConfigurationError} for invalid options or app descriptions.
 * @throws {HandlerLoadError} when a handler module is missing (its package is not built).
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const host = options.host ?? LocalStackDefaults.host;
  const stage = options.stage ?? LocalStackDefaults.stage;
  if (!/^[A-Za-z0-9_-]+$/.test(stage)) {
    throw new ConfigurationError(`The stage must be letters, digits, _ and -, got "${stage}".`);
  }
  const region = options.region ?? LocalStackDefaults.region;
  const pollIntervalMs = checkPositive(
    'pollIntervalMs',
    options.pollIntervalMs ?? LocalStackDefaults.pollIntervalMs,
  );
  const idleTimeoutSeconds = checkPositive(
    'idleTimeoutSeconds',
    options.idleTimeoutSeconds ?? LocalStackDefaults.idleTimeoutSeconds,
  );
  const maxConnectionSeconds = checkPositive(
    'maxConnectionSeconds',
    options.maxConnectionSeconds ?? LocalStackDefaults.maxConnectionSeconds,
  );
  const websocketPort = checkPort(
    'websocketPort',
    options.websocketPort ?? LocalStackDefaults.websocketPort,
  );
  const httpPort = checkPort('httpPort', options.httpPort ?? LocalStackDefaults.httpPort);
  const lambdaPort = checkPort('lambdaPort', options.lambdaPort ?? LocalStackDefaults.lambdaPort);
  const dynamodbPort = checkPort(
    'dynamodbPort',
    options.dynamodbPort ?? LocalStackDefaults.dynamodbPort,
  );
  // Clients cannot dial a wildcard address; endpoints name the loopback instead.
  const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const tableName = options.tableName ?? `${stage}-chat`;
  const apps = options.apps ?? defaultApps;
  const logger = options.logger ?? silentLogger;
  const wiring = wire(apps);
  const faults = new FaultInjector(options.faults);
  const stats = createStats();
  const apiId = newApiId();

  let websocket: WebSocketGateway | undefined;
  let http: HttpGateway | undefined;
  let lambdaApi: LambdaApi | undefined;
  let dynamoDb: DynamoDbLocal | undefined;
  let runtime: LambdaRuntime | undefined;
  let poller: StreamPoller | undefined;
  let onFailure: OnFailureLog | undefined;
  const step = async (name: string, work: () => Promise<void> | undefined): Promise<void> => {
    try {
      await work();
    } catch (error) {
      logger.error(`Stopping ${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  // The poller first, while the gateways still take what it is delivering; then the
  // gateways (their `$disconnect` invocations still reach DynamoDB; nobody is left to hear
  // of them), then the handlers' environment, then DynamoDB Local.
  const stopAll = async (): Promise<void> => {
    await step('the stream poller', () => poller?.stop());
    await step('the WebSocket gateway', () => websocket?.stop());
    await step('the HTTP gateway', () => http?.stop());
    await step('the Lambda API', () => lambdaApi?.stop());
    await step('the handlers', () => runtime?.drain(5000));
    await step('the on-failure log', () => onFailure?.flush());
    runtime?.dispose();
    await step('DynamoDB Local', () => dynamoDb?.stop());
  };

  try {
    // Bind the ports first: a port in use fails fast, before the JVM starts.
    websocket = await WebSocketGateway.listen({
      host,
      port: websocketPort,
      stage,
      apiId,
      routes: wiring.websocketRoutes,
      idleTimeoutSeconds,
      maxConnectionSeconds,
      faults,
      stats,
      logger,
    });
    http = await HttpGateway.listen({
      host,
      port: httpPort,
      apiId,
      accountId: LOCAL_ACCOUNT_ID,
      routes: wiring.httpRoutes,
      cors: options.cors ?? DEFAULT_CORS,
      logger,
    });
    lambdaApi = await LambdaApi.listen({ host, port: lambdaPort, logger });
    const lambdaEndpoint = `http://${clientHost}:${lambdaApi.port}`;

    let dynamodbEndpoint = options.dynamodbEndpoint;
    if (dynamodbEndpoint === undefined) {
      dynamoDb = await startDynamoDbLocal({
        port: dynamodbPort,
        host: clientHost,
        ...(options.persistDir === undefined ? {} : { dbPath: options.persistDir }),
      });
      dynamodbEndpoint = dynamoDb.endpoint;
    }
    const client = new DynamoDBClient({
      endpoint: dynamodbEndpoint,
      region,
      credentials: LOCAL_CREDENTIALS,
    });
    try {
      await createChatTable(client, tableName);
    } finally {
      client.destroy();
    }

    const connectionsEndpoint = `http://${clientHost}:${websocket.port}/${stage}`;
    runtime = await LambdaRuntime.load({
      apps,
      region,
      accountId: LOCAL_ACCOUNT_ID,
      baseEnvironment: {
        AWS_REGION: region,
        AWS_DEFAULT_REGION: region,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        [DYNAMODB_ENDPOINT_VARIABLE]: dynamodbEndpoint,
        // The SDK's own per-service override, for a handler that forgets the one above.
        AWS_ENDPOINT_URL_DYNAMODB: dynamodbEndpoint,
        // Handlers that invoke other functions reach the local Invoke API.
        AWS_ENDPOINT_URL_LAMBDA: lambdaEndpoint,
      },
      environmentOf: (fn) => functionEnvironment(fn, { tableName, connectionsEndpoint }),
      logger,
      stats,
    });

    onFailure = new OnFailureLog(stats.onFailure, options.onFailureLogPath);
    poller = await StreamPoller.start({
      endpoint: dynamodbEndpoint,
      region,
      credentials: LOCAL_CREDENTIALS,
      tableName,
      mappings: wiring.streamMappings,
      runtime,
      pollIntervalMs,
      faults,
      onFailure,
      stats,
      logger,
    });

    websocket.attach(runtime);
    http.attach(runtime);
    lambdaApi.attach(runtime);
    const ready = { websocket, http, poller };

    let stopping: Promise<void> | undefined;
    return {
      endpoints: {
        websocket: `ws://${clientHost}:${ready.websocket.port}/${stage}`,
        connections: connectionsEndpoint,
        http: `http://${clientHost}:${ready.http.port}`,
        dynamodb: dynamodbEndpoint,
        lambda: lambdaEndpoint,
      },
      tableName,
      streamArn: ready.poller.streamArn,
      region,
      stage,
      stats,
      faultSeed: faults.seed,
      connectionIds: () => ready.websocket.connectionIds,
      resetStats: () => {
        resetStats(stats);
      },
      stop: () => (stopping ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
