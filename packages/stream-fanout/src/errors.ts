/**
 * Errors of the fan-out package. Record-level problems never throw out of the fan-out (they
 * become skipped or failed records); these are for misconfiguration.
 */

/** Base class of the errors this package raises. */
export class FanOutError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FanOutError';
  }
}

/** A required environment variable is missing or malformed. */
export class EnvironmentError extends FanOutError {
  public readonly variable: string;

  public constructor(variable: string, problem: string) {
    super(`Environment variable ${variable} ${problem}.`);
    this.name = 'EnvironmentError';
    this.variable = variable;
  }
}
