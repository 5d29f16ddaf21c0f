/**
 * @module @chat/test-client
 *
 * How people and tests talk to the chat backend: `ChatClient` (Node and browsers), and the
 * load generator behind `chat-load`. The terminal chat is the package's `chat` bin.
 * Nothing exported here imports a Node module, so browser bundles can use this entry.
 */
export { backoffDelay, type BackoffOptions } from './backoff.js';
export {
  CHAT_CLIENT_DEFAULTS,
  ChatClient,
  type ChatMessage,
  type HistoryPagingOptions,
} from './chat-client.js';
export {
  ChatClientError,
  ClientClosedError,
  ClientErrorCode,
  ConnectError,
  FrameRejectedError,
  NotConnectedError,
  RequestTimeoutError,
  ServerError,
  UnexpectedReplyError,
  UsageError,
} from './errors.js';
export { EventQueue } from './event-queue.js';
export {
  loadMessageText,
  parseLoadMessageText,
  runLoad,
  type LoadOptions,
  type LoadProgress,
} from './load.js';
export {
  formatLoadReport,
  summarizeLatencies,
  type LatencySummary,
  type LoadReport,
} from './load-report.js';
export { SeenIds } from './seen-ids.js';
export {
  defaultWebSocketFactory,
  factoryFromConstructor,
  globalWebSocket,
  SocketState,
  type WebSocketConstructor,
  type WebSocketFactory,
  type WebSocketLike,
} from './transport.js';
export {
  ConnectionState,
  WhileDisconnected,
  type ChatClientEventMap,
  type ChatClientOptions,
  type ConnectionEvent,
  type ReconnectOptions,
  type ServerEventOf,
} from './types.js';
