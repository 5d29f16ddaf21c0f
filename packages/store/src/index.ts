/**
 * @module @chat/store
 *
 * The storage ports the chat services depend on (`ConnectionStore`, `MessageStore`) and the
 * errors the adapters share. Adapters live under subpaths: `@chat/store/dynamodb` for
 * DynamoDB, `@chat/store/memory` for unit tests.
 */
export { IdempotencyRecordError, MessageIdConflictError, StoreError } from './errors.js';
export type {
  ConnectionStore,
  CreateMessageResult,
  MessageDeletion,
  MessageEdit,
  MessagePage,
  MessageStore,
} from './ports.js';
