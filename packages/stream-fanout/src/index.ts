/**
 * @module @chat/stream-fanout
 *
 * The table stream's fan-out: stream records become domain events (`message.created`,
 * `message.updated`, `message.deleted`, `presence`) posted to every connected member of the
 * room through the `Notifier` port, with stale connections pruned and failures reported per
 * record. The Lambda handler is `dist/handlers/stream.js` (`handler`); the app description
 * is also at `@chat/stream-fanout/app`.
 */
export { streamFanoutApp } from './app.js';
export { readEnvironment, type FanOutEnvironment } from './env.js';
export { EnvironmentError, FanOutError } from './errors.js';
export {
  DEFAULT_POST_CONCURRENCY,
  FanOut,
  type FanOutOptions,
  type FanOutResult,
} from './fan-out.js';
export {
  createManagementApiClient,
  ManagementApiNotifier,
  type ManagementApiClientConfig,
  type ManagementApiNotifierOptions,
} from './management-api-notifier.js';
export { PostStatus, type Notifier, type PostResult } from './notifier.js';
export {
  ChangeKind,
  decodeRecord,
  isTtlDeletion,
  partitionKeyOf,
  type MembershipChange,
  type RecordChange,
} from './record-events.js';
export { RoomRoster } from './room-roster.js';
export type {
  FanOutLogger,
  LogAttributes,
  StreamAttributeValue,
  StreamImage,
  StreamRecord,
  StreamRecordData,
} from './types.js';
