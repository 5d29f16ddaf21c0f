/**
 * Small waiting helpers for tests over real sockets.
 */

/** Resolves when `predicate` holds, polling every 5 ms; rejects with `what` after the timeout. */
export async function waitUntil(
  predicate: () => boolean,
  what = 'condition',
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await sleep(5);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
