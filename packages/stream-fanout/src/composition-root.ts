/**
 * The composition root of the fan-out Lambda: the environment is read, and the SDK
 * clients, adapters and the use case are built, once per execution environment at module
 * scope, then reused by every invocation.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoConnectionStore } from '@chat/store/dynamodb';
import { readEnvironment } from './env.js';
import { FanOut } from './fan-out.js';
import { createManagementApiClient, ManagementApiNotifier } from './management-api-notifier.js';

const env = readEnvironment();

/** Structured JSON logs; level from `POWERTOOLS_LOG_LEVEL` (default `INFO`). */
export const logger = new Logger({ serviceName: 'stream-fanout' });

const dynamodb = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    region: env.region,
    ...(env.dynamodbEndpoint === undefined ? {} : { endpoint: env.dynamodbEndpoint }),
  }),
);

const notifier = new ManagementApiNotifier({
  client: createManagementApiClient({
    endpoint: env.connectionsEndpoint,
    region: env.region,
    maxSockets: env.postConcurrency,
    requestTimeoutMs: env.postTimeoutMs,
  }),
});

/** The fan-out use case, wired to DynamoDB and the Management API. */
export const fanOut = new FanOut({
  connections: new DynamoConnectionStore({ tableName: env.tableName, client: dynamodb }),
  notifier,
  logger,
  concurrency: env.postConcurrency,
  presenceRoomLimit: env.presenceRoomLimit,
});
