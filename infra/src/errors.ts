/**
 * Errors of the infrastructure app. Each has a stable `code`, so scripts and tests can tell
 * a bad configuration from an oversized bundle without parsing messages.
 */

/** Base class of every error `@chat/infra` throws. */
export class InfraError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A configuration value (environment variable or `cdktf.json` context) is invalid. */
export class InvalidConfigError extends InfraError {
  constructor(message: string) {
    super('INVALID_CONFIG', message);
  }
}

/** A function's handler module does not exist (its service package is not built yet). */
export class MissingHandlerError extends InfraError {
  readonly functionName: string;
  readonly entry: string;

  constructor(functionName: string, entry: string) {
    super(
      'MISSING_HANDLER',
      `Handler module of function "${functionName}" not found at ${entry}. ` +
        'Build the service packages first: pnpm --filter "@chat/infra^..." build',
    );
    this.functionName = functionName;
    this.entry = entry;
  }
}

/** esbuild could not bundle a function. */
export class BundleFailedError extends InfraError {
  constructor(functionName: string, cause: unknown) {
    super(
      'BUNDLE_FAILED',
      `Bundling function "${functionName}" failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/** One or more zipped bundles exceed the size limit. */
export class BundleTooLargeError extends InfraError {
  readonly oversized: readonly { readonly name: string; readonly zipBytes: number }[];

  constructor(
    oversized: readonly { readonly name: string; readonly zipBytes: number }[],
    limitBytes: number,
  ) {
    super(
      'BUNDLE_TOO_LARGE',
      `Zipped bundle over the ${limitBytes} byte limit: ` +
        oversized.map((b) => `${b.name} (${b.zipBytes} bytes)`).join(', '),
    );
    this.oversized = oversized;
  }
}
