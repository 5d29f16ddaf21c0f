/**
 * @module @chat/service-kit/testing
 *
 * Test helpers for the chat services' Lambda handlers: API Gateway WebSocket and HTTP API
 * 2.0 events shaped as AWS sends them, a fresh chat table on DynamoDB Local with the
 * environment the handlers read, the JSON log lines a handler writes, and checked replies.
 * Run the tests with the global setup `@chat/dynamodb-local/vitest-setup`, then:
 *
 * ```ts
 * const fixture = await setUpTable(inject('dynamodbEndpoint'), 'connection-ws');
 * const { handler } = await import('../../src/handlers/websocket.js');
 * const reply = replyOf(await handler(actionEvent(newConnectionId(), { action: 'ping' })));
 * ```
 */
export {
  actionEvent,
  connectEvent,
  disconnectEvent,
  httpEvent,
  messageEvent,
  newConnectionId,
  type ConnectOptions,
} from './events.js';
export { captureLogs } from './logs.js';
export { errorCodeOf, replyOf } from './replies.js';
export { setUpTable, type TableFixture } from './table.js';
