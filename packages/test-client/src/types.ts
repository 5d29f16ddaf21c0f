/**
 * Options and event types of `ChatClient`.
 */
import type { JoinedEvent, ServerEvent, ServerEventType } from '@chat/domain';
import type { WebSocketConstructor, WebSocketFactory } from './transport.js';

/** The server event whose `type` is `K` (for `message.*`, narrowed to that one type). */
export type ServerEventOf<K extends ServerEventType> = ServerEvent extends infer E
  ? E extends { readonly type: infer T }
    ? K extends T
      ? E & { readonly type: K }
      : never
    : never
  : never;

/** How the client reconnects when its socket drops without `close()` having been called. */
export interface ReconnectOptions {
  /** Ceiling of the first backoff delay. Default 500 ms. */
  readonly baseDelayMs: number;
  /** Longest backoff delay. Default 30 s. */
  readonly maxDelayMs: number;
  /** Attempts per drop before giving up and closing. Default unlimited. */
  readonly maxAttempts: number;
}

/** What happens to a request made while the socket is down (or being recovered). */
export const WhileDisconnected = {
  /** Hold it and send it once reconnected and rejoined (sends keep their clientMessageId). */
  queue: 'queue',
  /** Reject it at once with `NotConnectedError`. */
  reject: 'reject',
} as const;

export type WhileDisconnected = (typeof WhileDisconnected)[keyof typeof WhileDisconnected];

/** Options of `ChatClient.connect`. Every one has a default. */
export interface ChatClientOptions {
  /**
   * The WebSocket implementation: a class with the standard constructor or a factory.
   * Default: the global `WebSocket` when there is one, otherwise the `ws` package.
   */
  readonly webSocket?: WebSocketConstructor | WebSocketFactory;
  /** Subprotocols offered in the handshake. */
  readonly protocols?: string | string[];
  /** How long the handshake may take. Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** How long a request waits for its reply once sent. Default 10 s. */
  readonly requestTimeoutMs?: number;
  /**
   * Interval of the heartbeat `ping`, or `false` for none. Default 5 minutes, well inside
   * API Gateway's 10-minute idle timeout. A ping without a pong within the request timeout
   * counts as a dropped socket.
   */
  readonly heartbeatIntervalMs?: number | false;
  /** Reconnect settings, or `false` to close for good when the socket drops. */
  readonly reconnect?: Partial<ReconnectOptions> | false;
  /** Queue (default) or reject requests made while disconnected. */
  readonly whileDisconnected?: WhileDisconnected;
  /** Most requests held while disconnected; beyond it they are rejected. Default 1000. */
  readonly maxQueuedRequests?: number;
  /**
   * Drop `message.*` events already delivered (same message id and kind; for updates, same
   * edit time). Default `true`; the load generator turns it off to count duplicates.
   */
  readonly dedupe?: boolean;
  /** Message events remembered for de-duplication and catch-up. Default 10 000. */
  readonly seenIdsCapacity?: number;
  /** Most history pages fetched per room to catch up after a reconnect. Default 20. */
  readonly catchUpMaxPages?: number;
  /**
   * After a reconnect, history is read back to this long before the last message seen,
   * since concurrent senders' ids may reach the stream slightly out of order. Default 5 s.
   */
  readonly catchUpOverlapMs?: number;
  /** Source of randomness for backoff jitter and ids (tests pin it). Default `Math.random`. */
  readonly random?: () => number;
}

/** The client's connection state. */
export const ConnectionState = {
  connecting: 'connecting',
  open: 'open',
  reconnecting: 'reconnecting',
  closed: 'closed',
} as const;

export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** What happened to the connection; delivered to `on('connection', …)` listeners. */
export type ConnectionEvent =
  | {
      readonly type: 'disconnected';
      readonly code: number;
      readonly reason: string;
      readonly willReconnect: boolean;
    }
  | { readonly type: 'reconnecting'; readonly attempt: number; readonly delayMs: number }
  | {
      readonly type: 'reconnected';
      readonly attempt: number;
      /** The replies of the rooms rejoined, with their current members. */
      readonly joined: readonly JoinedEvent[];
      /** Messages fetched from history that arrived while disconnected. */
      readonly caughtUp: number;
    }
  | {
      readonly type: 'recovery-failed';
      readonly roomId: string;
      readonly step: 'rejoin' | 'catch-up';
      readonly error: Error;
    }
  | { readonly type: 'invalid-frame'; readonly data: string; readonly error: Error }
  | { readonly type: 'closed'; readonly error?: Error };

/** Listener types of `ChatClient.on`: one per server event type, plus two more. */
export type ChatClientEventMap = { [K in ServerEventType]: ServerEventOf<K> } & {
  /** Every server event delivered, whatever its type. */
  readonly event: ServerEvent;
  /** Connection lifecycle: drops, reconnect attempts, recovery, close. */
  readonly connection: ConnectionEvent;
};
