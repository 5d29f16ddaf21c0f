/**
 * Runs the app descriptions' handlers in this process the way Lambda runs them: the module
 * is loaded once (its module scope is the cold start) with the function's environment, each
 * invocation gets a Lambda-like `context`, and an invocation that outlives the function's
 * timeout fails with Lambda's "Task timed out" error.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { AppDescription, FunctionDescription } from '@chat/domain';
import { functionArn, logStreamName } from './aws-format.js';
import { conflictingVariables, ProcessEnvironment } from './environment.js';
import { ConfigurationError, HandlerLoadError, HandlerTimeoutError } from './errors.js';
import { formatInvocation, type LocalStackLogger } from './logger.js';
import { countInvocation, type LocalStackStats } from './stats.js';

/** The `context` a handler receives, shaped like Lambda's Node.js runtime's. */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  getRemainingTimeInMillis(): number;
  /** Legacy completion (Lambda still honours it): ends the invocation with an error or a result. */
  done(error?: unknown, result?: unknown): void;
  /** Legacy completion: ends the invocation with an error. */
  fail(error: unknown): void;
  /** Legacy completion: ends the invocation with a result. */
  succeed(result: unknown): void;
}

type Callback = (error?: unknown, result?: unknown) => void;
type Handler = (event: unknown, context: LambdaContext, callback: Callback) => unknown;

/** How one invocation ended. */
export type InvocationOutcome =
  | { readonly ok: true; readonly value: unknown; readonly requestId: string }
  | {
      readonly ok: false;
      readonly error: Error;
      readonly timedOut: boolean;
      readonly requestId: string;
    };

/** What the caller reports about an invocation, for the log line and the stats. */
export interface InvocationReport {
  /** The route key the event came through, or `table-stream`. */
  readonly route: string;
  /** The status the caller's client saw, from the outcome. */
  readonly statusOf: (outcome: InvocationOutcome) => number | string;
  /** Extra detail for the log line. */
  readonly detail?: string;
}

interface LoadedFunction {
  readonly description: FunctionDescription;
  readonly handler: Handler;
  readonly arn: string;
}

/** Settings of a {@link LambdaRuntime}. */
export interface LambdaRuntimeOptions {
  readonly apps: readonly AppDescription[];
  readonly region: string;
  readonly accountId: string;
  /** Variables every function gets (region, credentials, the DynamoDB endpoint). */
  readonly baseEnvironment: Readonly<Record<string, string>>;
  /** Each function's own variables, from its description. */
  readonly environmentOf: (fn: FunctionDescription) => Record<string, string>;
  readonly logger: LocalStackLogger;
  readonly stats: LocalStackStats;
}

/**
 * Environments each handler module was first imported with. Node caches a module once per
 * process, so a second stack in the same process runs it with the first one's module scope.
 */
const importedWith = new Map<string, string>();

function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** Loads and invokes the functions of a set of app descriptions. */
export class LambdaRuntime {
  readonly #functions = new Map<string, LoadedFunction>();
  readonly #environment = new ProcessEnvironment();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #options: LambdaRuntimeOptions;

  private constructor(options: LambdaRuntimeOptions) {
    this.#options = options;
  }

  /**
   * Imports every function's handler module, setting `process.env` to the function's
   * environment first.
   *
   * @throws {HandlerLoadError} when a module is missing (not built) or lacks the handler.
   * @throws {ConfigurationError} when two functions share a name.
   */
  static async load(options: LambdaRuntimeOptions): Promise<LambdaRuntime> {
    const runtime = new LambdaRuntime(options);
    try {
      await runtime.#loadAll();
    } catch (error) {
      runtime.dispose();
      throw error;
    }
    return runtime;
  }

  async #loadAll(): Promise<void> {
    const { apps, logger, baseEnvironment, environmentOf, region, accountId } = this.#options;
    const functions = apps.flatMap((app) => app.functions);
    const environments = functions.map((fn) => ({ ...baseEnvironment, ...environmentOf(fn) }));
    for (const name of conflictingVariables(environments)) {
      logger.warn(
        `Functions set ${name} to different values; in one process a handler that reads it ` +
          'at call time may see another function\u2019s value.',
      );
    }
    for (const [index, fn] of functions.entries()) {
      if (this.#functions.has(fn.name)) {
        throw new ConfigurationError(`Two functions are named "${fn.name}".`);
      }
      const environment = environments[index] ?? {};
      this.#environment.apply(environment);
      const handler = await this.#importHandler(fn, environment);
      this.#functions.set(fn.name, {
        description: fn,
        handler,
        arn: functionArn(region, accountId, fn.name),
      });
    }
  }

  async #importHandler(
    fn: FunctionDescription,
    environment: Record<string, string>,
  ): Promise<Handler> {
    if (!existsSync(fn.entry)) {
      throw new HandlerLoadError(
        `The handler of ${fn.name} (${fn.entry}) does not exist: build its package first.`,
      );
    }
    const fingerprint = JSON.stringify(environment);
    const earlier = importedWith.get(fn.entry);
    if (earlier !== undefined && earlier !== fingerprint) {
      this.#options.logger.warn(
        `${fn.name}: ${fn.entry} was already imported in this process with another ` +
          'environment; its module scope keeps the first one.',
      );
    }
    importedWith.set(fn.entry, earlier ?? fingerprint);
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(fn.entry).href)) as Record<string, unknown>;
    } catch (error) {
      throw new HandlerLoadError(`The handler module of ${fn.name} failed to load.`, {
        cause: error,
      });
    }
    const handler = module[fn.handler];
    if (typeof handler !== 'function') {
      throw new HandlerLoadError(`${fn.entry} does not export a function "${fn.handler}".`);
    }
    return handler as Handler;
  }

  /** The description of a loaded function. */
  describe(functionName: string): FunctionDescription | undefined {
    return this.#functions.get(functionName)?.description;
  }

  /** The ARN a function is known by. */
  arnOf(functionName: string): string {
    return this.#functions.get(functionName)?.arn ?? '';
  }

  /**
   * Invokes a function with an event and reports the invocation (log line and stats). Never
   * throws: a handler error or timeout is an outcome, as it is for API Gateway and Lambda.
   */
  async invoke(
    functionName: string,
    event: unknown,
    report: InvocationReport,
  ): Promise<InvocationOutcome> {
    const fn = this.#functions.get(functionName);
    if (fn === undefined) {
      throw new ConfigurationError(`No function is named "${functionName}".`);
    }
    const startedAt = Date.now();
    const run = this.#run(fn, event);
    this.#inFlight.add(run);
    let outcome: InvocationOutcome;
    try {
      outcome = await run;
    } finally {
      this.#inFlight.delete(run);
    }
    const durationMs = Date.now() - startedAt;
    const record = {
      functionName,
      route: report.route,
      startedAt,
      durationMs,
      status: report.statusOf(outcome),
      ...(report.detail === undefined ? {} : { detail: report.detail }),
    };
    countInvocation(this.#options.stats, {
      ...record,
      failed: !outcome.ok,
      timedOut: !outcome.ok && outcome.timedOut,
    });
    const { logger } = this.#options;
    logger.info(formatInvocation(record));
    if (!outcome.ok) {
      logger.error(
        `${functionName} ${report.route} ${outcome.timedOut ? 'timed out' : 'failed'}: ` +
          (outcome.error.stack ?? outcome.error.message),
      );
    }
    return outcome;
  }

  #run(fn: LoadedFunction, event: unknown): Promise<InvocationOutcome> {
    const { description } = fn;
    const requestId = randomUUID();
    const startedAt = Date.now();
    const timeoutMs = description.timeoutSeconds * 1000;
    const deadline = startedAt + timeoutMs;
    let timer: NodeJS.Timeout | undefined;
    const result = new Promise<unknown>((resolve, reject) => {
      const callback: Callback = (error, value) => {
        if (error === undefined || error === null) resolve(value);
        else reject(toError(error));
      };
      const context: LambdaContext = {
        callbackWaitsForEmptyEventLoop: true,
        functionName: description.name,
        functionVersion: '$LATEST',
        invokedFunctionArn: fn.arn,
        memoryLimitInMB: String(description.memorySizeMb),
        awsRequestId: requestId,
        logGroupName: `/aws/lambda/${description.name}`,
        logStreamName: logStreamName(startedAt),
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
        done: callback,
        fail: (error) => {
          reject(toError(error));
        },
        succeed: (value) => {
          resolve(value);
        },
      };
      try {
        const returned = fn.handler(event, context, callback);
        if (isThenable(returned)) {
          returned.then(resolve, (error: unknown) => {
            reject(toError(error));
          });
        } else if (fn.handler.length < 3) resolve(returned);
      } catch (error) {
        reject(toError(error));
      }
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new HandlerTimeoutError(description.timeoutSeconds));
      }, timeoutMs);
    });
    return Promise.race([result, timeout])
      .then(
        (value): InvocationOutcome => ({ ok: true, value, requestId }),
        (error: unknown): InvocationOutcome => ({
          ok: false,
          error: toError(error),
          timedOut: error instanceof HandlerTimeoutError,
          requestId,
        }),
      )
      .finally(() => {
        clearTimeout(timer);
      });
  }

  /** Waits (at most `timeoutMs`) for the invocations in flight to finish. */
  async drain(timeoutMs: number): Promise<void> {
    if (this.#inFlight.size === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#inFlight]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  /** Puts `process.env` back as it was before the handlers were loaded. */
  dispose(): void {
    this.#environment.restore();
  }
}
