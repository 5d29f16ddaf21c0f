/**
 * Reconnect delays: exponential backoff with full jitter (a uniformly random delay between
 * zero and the capped exponential), which spreads a crowd of clients that lost the same
 * server instead of having them all return at the same instant.
 */

/** How the client retries a dropped connection. */
export interface BackoffOptions {
  /** Ceiling of the first delay, in milliseconds. */
  readonly baseDelayMs: number;
  /** No delay is longer than this, in milliseconds. */
  readonly maxDelayMs: number;
}

/**
 * The delay before reconnect attempt `attempt` (0 for the first): a random value in
 * `[0, min(maxDelayMs, baseDelayMs * 2^attempt))`.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
