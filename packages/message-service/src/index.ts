/**
 * @module @chat/message-service
 *
 * Messages: the `MessageService` use cases (send, post as a bot, edit, delete, history),
 * the app description of its Lambda functions, and the environment it reads. The Lambda
 * handlers are the modules the app description names (`dist/handlers/websocket.js`,
 * `dist/handlers/http.js`).
 */
export { messageServiceApp } from './app.js';
export { readEnv, LOG_LEVELS, type Env, type LogLevel } from './env.js';
export { ConfigurationError, MessageServiceError } from './errors.js';
export {
  MessageService,
  serviceActor,
  type DeleteMessageInput,
  type EditMessageInput,
  type HistoryInput,
  type HistoryPage,
  type HistoryQuery,
  type MessageServiceOptions,
  type PostInput,
  type SendMessageInput,
  type SendResult,
  type ServicePostInput,
} from './service.js';
