/**
 * Errors of the connection service itself. Domain outcomes (not a member, too many rooms)
 * are `@chat/domain` errors; these mean the service cannot run at all.
 */

/** Base class of the errors of `@chat/connection-service`. */
export class ConnectionServiceError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConnectionServiceError';
  }
}

/** The environment lacks a variable the service needs, or holds an invalid value. */
export class ConfigurationError extends ConnectionServiceError {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}
