/**
 * @module @chat/connection-service
 *
 * Connections and room membership: the `ConnectionService` use cases (connect, disconnect,
 * join, leave, rename, ping, list members) and the app description of its Lambda functions.
 * The Lambda handlers are the modules the app description names (`dist/handlers/websocket.js`,
 * `dist/handlers/http.js`); the environment they read is `@chat/service-kit`'s `readEnv`.
 */
export { connectionServiceApp } from './app.js';
export {
  ConnectionService,
  newGuestName,
  type ConnectInput,
  type ConnectResult,
  type ConnectionServiceOptions,
  type DisconnectResult,
  type JoinInput,
  type JoinResult,
} from './service.js';
