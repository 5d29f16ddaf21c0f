/**
 * How a DynamoDB adapter gets its table: a document client the composition root built, or
 * a client config to build one from (never both, as in Powertools).
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Options of `DynamoConnectionStore` and `DynamoMessageStore`. */
export type DynamoStoreOptions =
  | {
      readonly tableName: string;
      /** A document client to share (built once per Lambda, at module scope). */
      readonly client: DynamoDBDocumentClient;
      readonly clientConfig?: never;
    }
  | {
      readonly tableName: string;
      /** Settings for a client the store builds for itself; SDK defaults when absent. */
      readonly clientConfig?: DynamoDBClientConfig;
      readonly client?: never;
    };

/** The table name and document client the options describe. */
export function resolveTable(options: DynamoStoreOptions): {
  tableName: string;
  client: DynamoDBDocumentClient;
} {
  const client =
    options.client ?? DynamoDBDocumentClient.from(new DynamoDBClient(options.clientConfig ?? {}));
  return { tableName: options.tableName, client };
}
