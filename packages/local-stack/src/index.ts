/**
 * @module @chat/local-stack
 *
 * The chat backend on one machine, faithful to AWS: DynamoDB Local with the table and its
 * stream, a WebSocket gateway and Management API that behave like API Gateway's, an HTTP
 * API (payload format 2.0), and a stream poller that feeds the stream functions like
 * Lambda's event source mapping, all wired from the services' app descriptions.
 * `startLocalStack()` runs it as a library; `pnpm start` runs `dist/cli.js`.
 */
export {
  CloseCode,
  DYNAMODB_ENDPOINT_VARIABLE,
  LOCAL_ACCOUNT_ID,
  LocalStackDefaults,
} from './constants.js';
export {
  ConfigurationError,
  HandlerLoadError,
  HandlerTimeoutError,
  LocalStackError,
} from './errors.js';
export { matchesAnyPattern, matchesPattern } from './event-filter.js';
export { FaultInjector, seededRandom, type FaultOptions, type PostFault } from './faults.js';
export {
  DEFAULT_CORS,
  type CorsOptions,
  type HttpApiEvent,
  type IamIdentity,
} from './http-gateway.js';
export { functionNameOf, INVOKE_ROUTE } from './lambda-api.js';
export type { LambdaContext } from './lambda-runtime.js';
export {
  consoleLogger,
  formatInvocation,
  silentLogger,
  type InvocationRecord,
  type LocalStackLogger,
} from './logger.js';
export type { OnFailureCondition, StreamOnFailureRecord } from './on-failure-log.js';
export {
  defaultApps,
  startLocalStack,
  wire,
  type LocalStack,
  type LocalStackEndpoints,
  type LocalStackOptions,
  type Wiring,
} from './start-local-stack.js';
export type { FunctionStats, LocalStackStats, RouteStats } from './stats.js';
export { STREAM_ROUTE } from './stream-poller.js';
export type {
  LambdaAttributeValue,
  LambdaStreamEvent,
  LambdaStreamRecord,
} from './stream-records.js';
export type { WebSocketEvent, WebSocketRequestContext } from './websocket-gateway.js';
