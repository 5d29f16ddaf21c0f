/**
 * @module @chat/connection-service
 *
 * Connections and room membership: the `ConnectionService` use cases (connect, disconnect,
 * join, leave, rename, ping, list members), the app description of its Lambda functions,
 * and the environment it reads. The Lambda handlers are the modules the app description
 * names (`dist/handlers/websocket.js`, `dist/handlers/http.js`).
 */
export { connectionServiceApp } from './app.js';
export { readEnv, LOG_LEVELS, type Env, type LogLevel } from './env.js';
export { ConfigurationError, ConnectionServiceError } from './errors.js';
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
