/**
 * Errors of the message service itself. Domain outcomes (not a member, not the author)
 * are `@chat/domain` errors; these mean the service cannot run at all.
 */

/** Base class of the errors of `@chat/message-service`. */
export class MessageServiceError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MessageServiceError';
  }
}

/** The environment lacks a variable the service needs, or holds an invalid value. */
export class ConfigurationError extends MessageServiceError {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}
