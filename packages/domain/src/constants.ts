/**
 * Limits and fixed values of the chat backend. The WebSocket limits follow API Gateway's
 * quotas, so a frame the local stack or a client accepts is one AWS accepts too.
 */

/** Version of the wire protocol described in `PROTOCOL.md`. */
export const PROTOCOL_VERSION = 1;

/** API Gateway WebSocket frame limit: 32 KB. */
export const MAX_FRAME_BYTES = 32 * 1024;

/** API Gateway WebSocket message limit (a message may span several frames): 128 KB. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/** API Gateway closes a WebSocket after 10 minutes without traffic. */
export const IDLE_TIMEOUT_SECONDS = 10 * 60;

/** API Gateway closes every WebSocket after 2 hours. */
export const MAX_CONNECTION_SECONDS = 2 * 60 * 60;

/**
 * Connection and membership items expire this long after they were written. `$disconnect`
 * is best effort, so the TTL (the 2-hour connection limit plus slack) is what finally
 * removes a connection whose disconnect never ran.
 */
export const CONNECTION_TTL_SECONDS = MAX_CONNECTION_SECONDS + 15 * 60;

/** How long a `clientMessageId` keeps a retried send idempotent. */
export const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

/** Room ids: 1 to 64 characters of `A-Z a-z 0-9 _ . -`, starting with a letter or digit. */
export const MAX_ROOM_ID_LENGTH = 64;

/** Display names: at most 32 characters and 64 bytes of UTF-8 after trimming. */
export const MAX_NAME_LENGTH = 32;
export const MAX_NAME_BYTES = 64;

/** Message text: at most 8 KB of UTF-8 after trimming. */
export const MAX_TEXT_BYTES = 8 * 1024;

/** `clientMessageId` and `requestId`: at most 64 characters of `A-Z a-z 0-9 _ . : -`. */
export const MAX_CLIENT_ID_LENGTH = 64;

/** History pages hold at most this many messages; the default page is smaller. */
export const MAX_HISTORY_PAGE = 100;
export const DEFAULT_HISTORY_PAGE = 50;

/**
 * A `joined` reply lists at most this many members (the caller first), so it stays far
 * below the 128 KB message limit in any room; `GET /rooms/{roomId}/members` lists them all.
 */
export const MAX_JOINED_MEMBERS = 100;

/** Rooms one connection may have joined at once. */
export const MAX_ROOMS_PER_CONNECTION = 20;
