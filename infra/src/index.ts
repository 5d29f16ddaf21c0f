/**
 * @module @chat/infra
 *
 * The CDKTF app that deploys the chat backend to AWS: one construct per concern, the stack
 * that composes them from the services' app descriptions, the per-function esbuild bundles,
 * and helpers to compare what the Terraform deploys with what the descriptions declare.
 */
export { chatApps } from './apps.js';
export {
  BUNDLE_FILE_NAME,
  BUNDLE_SIZE_LIMIT_BYTES,
  bundleFunction,
  DEFAULT_BUNDLE_DIR,
  type BundleOptions,
  type FunctionBundle,
} from './bundle.js';
export {
  assertBundlesWithinLimit,
  BUNDLE_REPORT_PATH,
  createBundleReport,
  formatBundleReport,
  writeBundleReport,
  type BundleReport,
  type BundleSize,
} from './bundle-report.js';
export {
  ChatStack,
  STACK_DEFAULTS,
  type AlarmOptions,
  type ChatStackOptions,
} from './chat-stack.js';
export {
  CONFIG_ENV,
  LOG_RETENTION_DAYS,
  resolveConfig,
  type ChatConfig,
  type ConfigKey,
  type S3StateSettings,
} from './config.js';
export {
  ChatFunction,
  DEFAULT_RUNTIME,
  FUNCTION_TAG,
  type ChatFunctionOptions,
} from './constructs/chat-function.js';
export { ChatTable, type ChatTableOptions } from './constructs/chat-table.js';
export { arnPath, HttpApi, type CorsOptions, type HttpApiOptions } from './constructs/http-api.js';
export {
  ON_FAILURE_ACTIONS,
  StreamFanout,
  type FailureAlarmOptions,
  type StreamFanoutOptions,
} from './constructs/stream-fanout.js';
export {
  ROUTE_SELECTION_EXPRESSION,
  WebSocketApi,
  type ThrottlingOptions,
  type WebSocketApiOptions,
  type WebSocketRouteOptions,
} from './constructs/websocket-api.js';
export {
  BundleFailedError,
  BundleTooLargeError,
  InfraError,
  InvalidConfigError,
  MissingHandlerError,
} from './errors.js';
export {
  functionPolicyStatements,
  INDEX_ACTIONS,
  LOG_ACTIONS,
  MANAGE_CONNECTIONS_ACTION,
  STREAM_READ_ACTIONS,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
  tableActions,
  type PolicyResources,
  type PolicyStatement,
} from './function-policy.js';
export {
  bindingsFromApps,
  bindingsFromTerraform,
  formatBinding,
  sortBindings,
  type TriggerBinding,
} from './trigger-bindings.js';
export { createZip, crc32, type ZipEntry } from './zip.js';
export { synthesizeChatApp, type SynthesisResult, type SynthesizeOptions } from './synthesize.js';
