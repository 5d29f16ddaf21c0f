/**
 * @module @chat/message-service
 *
 * Messages: the `MessageService` use cases (send, post as a bot, edit, delete, history),
 * and the app description of its Lambda functions. The Lambda handlers are the modules the
 * app description names (`dist/handlers/websocket.js`, `dist/handlers/http.js`); the
 * environment they read is `@chat/service-kit`'s `readEnv`.
 */
export { messageServiceApp } from './app.js';
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
