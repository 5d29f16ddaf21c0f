/**
 * @module @chat/store/memory
 *
 * In-memory implementations of the storage ports, with the same semantics as the DynamoDB
 * adapters (the shared contract tests prove it). For unit tests and single-process tools.
 */
export { InMemoryConnectionStore } from './in-memory-connection-store.js';
export { InMemoryMessageStore } from './in-memory-message-store.js';
