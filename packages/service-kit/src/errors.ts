/**
 * Errors of the service kit itself. Domain outcomes (not a member, bad field) are
 * `@chat/domain` errors; these mean a service cannot run at all.
 */

/** Base class of the errors of `@chat/service-kit`. */
export class ServiceKitError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ServiceKitError';
  }
}

/** The environment lacks a variable the service needs, or holds an invalid value. */
export class ConfigurationError extends ServiceKitError {
  public constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}
