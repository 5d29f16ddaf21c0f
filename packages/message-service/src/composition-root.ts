/**
 * The composition root: reads the environment, builds the SDK clients, the adapters and the
 * service once per Lambda container (module scope), so warm invocations reuse them.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoConnectionStore, DynamoMessageStore } from '@chat/store/dynamodb';
import { readEnv, type Env } from './env.js';
import { MessageService } from './service.js';

/** DynamoDB client settings: AWS's endpoint, or a local one (DynamoDB Local) when set. */
function dynamoDbClientConfig(env: Env): DynamoDBClientConfig {
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

const env = readEnv();

/** The service's structured JSON logger. */
export const logger = new Logger({ serviceName: 'message-service', logLevel: env.logLevel });

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient(dynamoDbClientConfig(env)), {
  marshallOptions: { removeUndefinedValues: true },
});

const tableName = env.tableName;

/** The message service, wired to the DynamoDB table. */
export const messageService = new MessageService({
  messages: new DynamoMessageStore({ client: documentClient, tableName }),
  connections: new DynamoConnectionStore({ client: documentClient, tableName }),
});
