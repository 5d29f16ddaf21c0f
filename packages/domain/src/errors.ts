/**
 * Errors of the chat domain. Every error carries a stable `code` that the wire protocol
 * sends to clients in an `error` event; handlers map classes to responses in one place.
 */

/** Stable error codes sent to clients. New codes may be added; existing ones never change. */
export const ErrorCode = {
  BAD_JSON: 'BAD_JSON',
  UNKNOWN_ACTION: 'UNKNOWN_ACTION',
  INVALID_FIELD: 'INVALID_FIELD',
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  UNSUPPORTED_VERSION: 'UNSUPPORTED_VERSION',
  NOT_CONNECTED: 'NOT_CONNECTED',
  NOT_A_MEMBER: 'NOT_A_MEMBER',
  TOO_MANY_ROOMS: 'TOO_MANY_ROOMS',
  MESSAGE_NOT_FOUND: 'MESSAGE_NOT_FOUND',
  NOT_AUTHOR: 'NOT_AUTHOR',
  MESSAGE_DELETED: 'MESSAGE_DELETED',
  FORBIDDEN: 'FORBIDDEN',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** One problem with one field of a frame, as reported in `error.details`. */
export interface FieldIssue {
  /** Dotted path of the field, e.g. `text` or `limit`. */
  readonly path: string;
  readonly message: string;
}

/** Base class of every error the chat domain raises on purpose. */
export class ChatError extends Error {
  public readonly code: ErrorCode;

  public constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ChatError';
    this.code = code;
  }
}

/** The frame is not valid JSON. */
export class BadJsonError extends ChatError {
  public constructor(message = 'The frame is not valid JSON.') {
    super(ErrorCode.BAD_JSON, message);
    this.name = 'BadJsonError';
  }
}

/** The frame's `action` is missing or not one of the protocol's actions. */
export class UnknownActionError extends ChatError {
  public readonly action: string | undefined;

  public constructor(action: string | undefined) {
    super(
      ErrorCode.UNKNOWN_ACTION,
      action === undefined
        ? 'The frame has no "action" field.'
        : `Unknown action "${action.slice(0, 64)}".`,
    );
    this.name = 'UnknownActionError';
    this.action = action;
  }
}

/** A field is missing, has the wrong type, or breaks a validation rule. */
export class InvalidFieldError extends ChatError {
  public readonly issues: readonly FieldIssue[];

  public constructor(issues: readonly FieldIssue[]) {
    const first = issues[0];
    super(
      ErrorCode.INVALID_FIELD,
      first === undefined ? 'Invalid field.' : `Invalid field "${first.path}": ${first.message}`,
    );
    this.name = 'InvalidFieldError';
    this.issues = issues;
  }
}

/** The frame is larger than API Gateway's 32 KB frame limit. */
export class FrameTooLargeError extends ChatError {
  public readonly bytes: number;

  public constructor(bytes: number, limit: number) {
    super(ErrorCode.FRAME_TOO_LARGE, `The frame is ${bytes} bytes; the limit is ${limit}.`);
    this.name = 'FrameTooLargeError';
    this.bytes = bytes;
  }
}

/** The frame asks for a protocol version this server does not speak. */
export class UnsupportedVersionError extends ChatError {
  public constructor(version: unknown) {
    super(ErrorCode.UNSUPPORTED_VERSION, `Protocol version ${String(version)} is not supported.`);
    this.name = 'UnsupportedVersionError';
  }
}

/** The connection has no record (it expired or was pruned); the client should reconnect. */
export class NotConnectedError extends ChatError {
  public constructor() {
    super(ErrorCode.NOT_CONNECTED, 'This connection is not registered; reconnect.');
    this.name = 'NotConnectedError';
  }
}

/** The connection has not joined the room it acts on. */
export class NotAMemberError extends ChatError {
  public constructor(roomId: string) {
    super(ErrorCode.NOT_A_MEMBER, `Join room "${roomId}" first.`);
    this.name = 'NotAMemberError';
  }
}

/** The connection is already in the maximum number of rooms. */
export class TooManyRoomsError extends ChatError {
  public constructor(limit: number) {
    super(ErrorCode.TOO_MANY_ROOMS, `A connection may be in at most ${limit} rooms.`);
    this.name = 'TooManyRoomsError';
  }
}

/** No message with this id exists in the room. */
export class MessageNotFoundError extends ChatError {
  public constructor(roomId: string, messageId: string) {
    super(ErrorCode.MESSAGE_NOT_FOUND, `No message "${messageId}" in room "${roomId}".`);
    this.name = 'MessageNotFoundError';
  }
}

/** Only a message's author may edit or delete it. */
export class NotAuthorError extends ChatError {
  public constructor() {
    super(ErrorCode.NOT_AUTHOR, 'Only the author may change this message.');
    this.name = 'NotAuthorError';
  }
}

/** The message was deleted; a tombstone cannot be edited. */
export class MessageDeletedError extends ChatError {
  public constructor(messageId: string) {
    super(ErrorCode.MESSAGE_DELETED, `Message "${messageId}" was deleted.`);
    this.name = 'MessageDeletedError';
  }
}

/** The caller may not do this (an authorization decision said no). */
export class ForbiddenError extends ChatError {
  public constructor(message = 'Not allowed.') {
    super(ErrorCode.FORBIDDEN, message);
    this.name = 'ForbiddenError';
  }
}

/**
 * A table item that is not one of the domain's item types, or is malformed. It never
 * reaches a client as such: a client sees `INTERNAL_ERROR`.
 */
export class UnknownItemError extends ChatError {
  public constructor(message: string) {
    super(ErrorCode.INTERNAL_ERROR, message);
    this.name = 'UnknownItemError';
  }
}
