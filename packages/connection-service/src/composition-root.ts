/**
 * The composition root: the shared runtime (environment, logger, document client) and this
 * service's adapter and service, built once per Lambda container (module scope), so warm
 * invocations reuse them.
 */
import { createServiceRuntime } from '@chat/service-kit';
import { DynamoConnectionStore } from '@chat/store/dynamodb';
import { ConnectionService } from './service.js';

const { env, documentClient, ...runtime } = createServiceRuntime('connection-service');

/** The service's structured JSON logger. */
export const logger = runtime.logger;

/** The connection service, wired to the DynamoDB table. */
export const connectionService = new ConnectionService({
  store: new DynamoConnectionStore({ client: documentClient, tableName: env.tableName }),
});
