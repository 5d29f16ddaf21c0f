/**
 * The `Notifier` port: how the fan-out reaches one WebSocket connection. The Management API
 * adapter (`ManagementApiNotifier`) implements it over API Gateway's `@connections` API;
 * tests implement it in memory.
 */

/** The outcomes of one post. */
export const PostStatus = {
  /** The gateway accepted the data for the connection. */
  delivered: 'delivered',
  /** The connection no longer exists (410 `GoneException`): prune it. */
  gone: 'gone',
  /** The gateway refused the payload as too large (413): retrying cannot help. */
  tooLarge: 'too-large',
  /** Anything else (timeout, 5xx, throttling after the last retry): worth a retry later. */
  failed: 'failed',
} as const;

export type PostStatus = (typeof PostStatus)[keyof typeof PostStatus];

/** The result of one post; `attempts` counts the requests made, retries included. */
export type PostResult =
  | {
      readonly status: typeof PostStatus.delivered | typeof PostStatus.gone;
      readonly attempts: number;
    }
  | {
      readonly status: typeof PostStatus.tooLarge;
      readonly attempts: number;
      readonly reason: string;
    }
  | {
      readonly status: typeof PostStatus.failed;
      readonly attempts: number;
      readonly reason: string;
    };

/** Sends data to one connection. Implementations never throw: every outcome is a result. */
export interface Notifier {
  post(connectionId: string, data: string): Promise<PostResult>;
}
