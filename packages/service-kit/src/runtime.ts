/**
 * What every composition root builds first: the environment, the structured logger and the
 * DynamoDB document client, once per Lambda container (module scope), so warm invocations
 * reuse them. Each service then wires its own adapters and service from these.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readEnv, type Env } from './env.js';

/** The clients a service's composition root wires its adapters from. */
export interface ServiceRuntime {
  readonly env: Env;
  /** Structured JSON logger, `service` set to the service's name. */
  readonly logger: Logger;
  /** Document client of the chat table's DynamoDB; `undefined` attributes are dropped. */
  readonly documentClient: DynamoDBDocumentClient;
}

/** DynamoDB client settings: AWS's endpoint, or a local one (DynamoDB Local) when set. */
export function dynamoDbClientConfig(env: Env): DynamoDBClientConfig {
  if (env.dynamodbEndpoint === undefined) return {};
  return {
    endpoint: env.dynamodbEndpoint,
    region: env.region ?? 'us-east-1',
    // DynamoDB Local accepts any keys; a local run should not need real ones.
    ...(env.hasCredentials
      ? {}
      : { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  };
}

/**
 * Reads the environment and builds the logger and document client of `serviceName`.
 *
 * @throws {ConfigurationError} when the environment is incomplete (see `readEnv`).
 */
export function createServiceRuntime(
  serviceName: string,
  source: NodeJS.ProcessEnv = process.env,
): ServiceRuntime {
  const env = readEnv(source);
  const logger = new Logger({ serviceName, logLevel: env.logLevel });
  const documentClient = DynamoDBDocumentClient.from(
    new DynamoDBClient(dynamoDbClientConfig(env)),
    {
      marshallOptions: { removeUndefinedValues: true },
    },
  );
  return { env, logger, documentClient };
}
