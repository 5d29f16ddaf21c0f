/**
 * @module @chat/service-kit
 *
 * The Lambda adapter layer the chat services share: the environment (`readEnv`), the clients
 * every composition root builds (`createServiceRuntime`), the API Gateway WebSocket and HTTP
 * API 2.0 event types and their parsing, the one mapping of results and errors to replies
 * and responses, and the log keys of an invocation. Test helpers are in
 * `@chat/service-kit/testing`.
 */
export { readEnv, LOG_LEVELS, type Env, type LogLevel } from './env.js';
export { ConfigurationError, ServiceKitError } from './errors.js';
export {
  frameOf,
  headerOf,
  jsonBodyOf,
  parseField,
  roomIdOf,
  type FieldSchema,
  type HttpEvent,
  type HttpRequestContext,
  type HttpResult,
  type WebSocketEvent,
  type WebSocketRequestContext,
  type WebSocketResult,
} from './events.js';
export {
  httpHandler,
  logKeysOf,
  webSocketHandler,
  withInvocationLog,
  type HttpHandler,
  type WebSocketHandler,
} from './invocation.js';
export {
  answerHttp,
  answerWithStatus,
  httpStatusOf,
  json,
  reply,
  replyToFrame,
  toChatError,
} from './responses.js';
export { createServiceRuntime, dynamoDbClientConfig, type ServiceRuntime } from './runtime.js';
