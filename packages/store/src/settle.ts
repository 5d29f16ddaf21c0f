/**
 * The in-memory adapters answer synchronously; this gives their results and errors the
 * shape of an I/O call, so callers see the same promise behaviour as with DynamoDB.
 */

/** Runs `work` and hands its result or its error back as a promise, like an I/O call would. */
export function settle<T>(work: () => T): Promise<T> {
  try {
    return Promise.resolve(work());
  } catch (error: unknown) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}
