/**
 * @module @chat/store/dynamodb
 *
 * DynamoDB adapters of the storage ports, over `@aws-sdk/lib-dynamodb`'s document client
 * and the domain's key schema and item codecs. Each takes a document client (built once in
 * the composition root) or a client config, never both.
 */
export { DynamoConnectionStore } from './dynamo-connection-store.js';
export { DynamoMessageStore } from './dynamo-message-store.js';
export type { DynamoStoreOptions } from './table-client.js';
