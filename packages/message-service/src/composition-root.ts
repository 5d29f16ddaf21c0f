/**
 * The composition root: the shared runtime (environment, logger, document client) and this
 * service's adapters and service, built once per Lambda container (module scope), so warm
 * invocations reuse them.
 */
import { createServiceRuntime } from '@chat/service-kit';
import { DynamoConnectionStore, DynamoMessageStore } from '@chat/store/dynamodb';
import { MessageService } from './service.js';

const { env, documentClient: client, ...runtime } = createServiceRuntime('message-service');

/** The service's structured JSON logger. */
export const logger = runtime.logger;

/** The message service, wired to the DynamoDB table. */
export const messageService = new MessageService({
  messages: new DynamoMessageStore({ client, tableName: env.tableName }),
  connections: new DynamoConnectionStore({ client, tableName: env.tableName }),
});
