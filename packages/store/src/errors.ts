/**
 * Errors the storage adapters raise themselves. Domain outcomes (a missing message, a
 * stranger's edit) are the domain's errors; these mean the store met a state it cannot
 * resolve, so a client only ever sees `INTERNAL_ERROR`.
 */
import { ChatError, ErrorCode } from '@chat/domain';

/** Base class of the errors of `@chat/store`. */
export class StoreError extends ChatError {
  public constructor(message: string, options?: ErrorOptions) {
    super(ErrorCode.INTERNAL_ERROR, message, options);
    this.name = 'StoreError';
  }
}

/** A new message reused the id of a stored one (ids are uuid v7, so this is a caller bug). */
export class MessageIdConflictError extends StoreError {
  public readonly roomId: string;
  public readonly messageId: string;

  public constructor(roomId: string, messageId: string, options?: ErrorOptions) {
    super(`Room "${roomId}" already holds a message with id "${messageId}".`, options);
    this.name = 'MessageIdConflictError';
    this.roomId = roomId;
    this.messageId = messageId;
  }
}

/**
 * A send with a `clientMessageId` could not be settled: its record or the message it names
 * could not be read back, or concurrent sends kept colliding, after several attempts.
 */
export class IdempotencyRecordError extends StoreError {
  public constructor(roomId: string, clientMessageId: string, options?: ErrorOptions) {
    super(
      `clientMessageId "${clientMessageId}" in room "${roomId}" is recorded, but its message could not be read.`,
      options,
    );
    this.name = 'IdempotencyRecordError';
  }
}
