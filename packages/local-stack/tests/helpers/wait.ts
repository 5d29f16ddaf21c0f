/** Polling helpers for asynchronous outcomes. */
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves with the first truthy value `probe` returns, checking every `intervalMs`.
 *
 * @throws when `timeoutMs` passes first, naming `what` was awaited.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
