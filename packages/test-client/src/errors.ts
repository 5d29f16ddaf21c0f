/**
 * Errors of `@chat/test-client`. Every error carries a `code`: a server's `error` event keeps
 * the server's code, and a frame refused locally gets the code the server would have sent,
 * so callers handle both the same way.
 */
import type { FieldIssue } from '@chat/domain';

/** Codes the client raises itself, besides the protocol's codes (see `ErrorCode`). */
export const ClientErrorCode = {
  /** No reply arrived within the request timeout. */
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  /** The socket is not open and the caller chose not to queue. Same code as the protocol's. */
  NOT_CONNECTED: 'NOT_CONNECTED',
  /** The WebSocket handshake failed. */
  CONNECT_FAILED: 'CONNECT_FAILED',
  /** `close()` was called while the request was pending. */
  CLIENT_CLOSED: 'CLIENT_CLOSED',
  /** The server answered a request with an event of the wrong type. */
  UNEXPECTED_REPLY: 'UNEXPECTED_REPLY',
} as const;

export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** Base class of every error `ChatClient` rejects with. */
export class ChatClientError extends Error {
  /** A protocol error code (`FRAME_TOO_LARGE`, `NOT_A_MEMBER`, …) or a `ClientErrorCode`. */
  public readonly code: string;

  public constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChatClientError';
    this.code = code;
  }
}

/** The server answered a request with an `error` event. */
export class ServerError extends ChatClientError {
  /** The action the server was answering, when it said. */
  public readonly action: string | undefined;
  public readonly requestId: string | undefined;
  /** Per-field problems, for `INVALID_FIELD`. */
  public readonly details: readonly FieldIssue[];

  public constructor(event: {
    readonly code: string;
    readonly message: string;
    readonly action?: string | undefined;
    readonly requestId?: string | undefined;
    readonly details?: readonly FieldIssue[] | undefined;
  }) {
    super(event.code, event.message);
    this.name = 'ServerError';
    this.action = event.action;
    this.requestId = event.requestId;
    this.details = event.details ?? [];
  }
}

/**
 * The client refused to send a frame the server would reject, with the code the server
 * would have sent (`FRAME_TOO_LARGE`, `INVALID_FIELD`, …). Nothing reached the server.
 */
export class FrameRejectedError extends ChatClientError {
  public readonly action: string | undefined;
  public readonly details: readonly FieldIssue[];

  public constructor(
    code: string,
    message: string,
    context: { action?: string | undefined; details?: readonly FieldIssue[]; cause?: unknown },
  ) {
    super(code, message, { cause: context.cause });
    this.name = 'FrameRejectedError';
    this.action = context.action;
    this.details = context.details ?? [];
  }
}

/** No reply to a request arrived in time. */
export class RequestTimeoutError extends ChatClientError {
  public readonly action: string;
  public readonly requestId: string;
  public readonly timeoutMs: number;

  public constructor(action: string, requestId: string, timeoutMs: number) {
    super(
      ClientErrorCode.REQUEST_TIMEOUT,
      `No reply to "${action}" (requestId ${requestId}) within ${timeoutMs} ms.`,
    );
    this.name = 'RequestTimeoutError';
    this.action = action;
    this.requestId = requestId;
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The socket is not open: the client is reconnecting and was told to reject rather than
 * queue, it gave up reconnecting, or its queue is full.
 */
export class NotConnectedError extends ChatClientError {
  public constructor(message = 'The client is not connected.') {
    super(ClientErrorCode.NOT_CONNECTED, message);
    this.name = 'NotConnectedError';
  }
}

/** The WebSocket could not be opened. */
export class ConnectError extends ChatClientError {
  public readonly url: string;

  public constructor(url: string, detail: string, options?: ErrorOptions) {
    super(ClientErrorCode.CONNECT_FAILED, `Cannot connect to ${url}: ${detail}`, options);
    this.name = 'ConnectError';
    this.url = url;
  }
}

/** The client was closed while the request was pending or queued. */
export class ClientClosedError extends ChatClientError {
  public constructor() {
    super(ClientErrorCode.CLIENT_CLOSED, 'The client was closed.');
    this.name = 'ClientClosedError';
  }
}

/** The server answered with an event of another type than the request expects. */
export class UnexpectedReplyError extends ChatClientError {
  public readonly expected: string;
  public readonly received: string;

  public constructor(action: string, expected: string, received: string) {
    super(
      ClientErrorCode.UNEXPECTED_REPLY,
      `Expected "${expected}" in reply to "${action}", received "${received}".`,
    );
    this.name = 'UnexpectedReplyError';
    this.expected = expected;
    this.received = received;
  }
}

/** The command line is wrong: an unknown option, a missing or malformed value. */
export class UsageError extends ChatClientError {
  public constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}
