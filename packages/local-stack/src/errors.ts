/**
 * Errors of the local stack. Each has a stable `code`, so the CLI and callers can tell a
 * missing build from a port in use without parsing messages.
 */

/** Base class of every error the local stack throws. */
export class LocalStackError extends Error {
  readonly code: string;

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Invalid options or app descriptions (two functions on one route, an unknown value). */
export class ConfigurationError extends LocalStackError {
  constructor(message: string, options?: ErrorOptions) {
    super('CONFIGURATION', message, options);
  }
}

/** A handler module could not be loaded, or does not export the named handler. */
export class HandlerLoadError extends LocalStackError {
  constructor(message: string, options?: ErrorOptions) {
    super('HANDLER_LOAD', message, options);
  }
}

/** A handler did not finish within its function's timeout. */
export class HandlerTimeoutError extends LocalStackError {
  constructor(timeoutSeconds: number) {
    super('HANDLER_TIMEOUT', `Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
  }
}
