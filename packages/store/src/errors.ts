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

  public constructor(roomId: string, messageId: string) {
    super(`Room "${roomId}" already holds a message with id "${messageId}".`);
    this.name = 'MessageIdConflictError';
    this.roomId = roomId;
    this.messageId = messageId;
  }
}

/**
 * A retried send's `clientMessageId` is recorded, but its record or the message it names
 * could not be read back (for example the record expired in between, several times).
 */
export class IdempotencyRecordError extends StoreError {
  public constructor(roomId: string, clientMessageId: string) {
    super(
      `clientMessageId "${clientMessageId}" in room "${roomId}" is recorded, but its message could not be read.`,
    );
    this.name = 'IdempotencyRecordError';
  }
}
