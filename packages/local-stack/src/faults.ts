/**
 * Fault injection: the failures AWS produces now and then, on demand and reproducibly.
 * API Gateway's `$disconnect` is best effort, `postToConnection` answers 410 for a vanished
 * client and 429 when throttled, and Lambda's event source mapping delivers at least once.
 */
import { randomInt } from 'node:crypto';
import { ConfigurationError } from './errors.js';

/** Shares (0 to 1) of operations that fail on purpose. All are 0 (off) by default. */
export interface FaultOptions {
  /** Share of `$disconnect` invocations that never happen (the socket still closes). */
  readonly dropDisconnectShare?: number;
  /** Share of `@connections` POSTs answered `410 GoneException` (nothing is sent). */
  readonly postGoneShare?: number;
  /** Share of `@connections` POSTs answered `429 LimitExceededException` (nothing is sent). */
  readonly postThrottleShare?: number;
  /** Share of stream batches delivered twice (the second delivery repeats the same event). */
  readonly duplicateBatchShare?: number;
  /** Seed of the random draws, so a run can be repeated; random when absent. */
  readonly seed?: number;
}

/** A seeded pseudo-random generator (mulberry32) returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function share(name: string, value: number | undefined): number {
  const resolved = value ?? 0;
  if (!Number.isFinite(resolved) || resolved < 0 || resolved > 1) {
    throw new ConfigurationError(`${name} must be a share between 0 and 1, got ${resolved}.`);
  }
  return resolved;
}

/** What a `@connections` POST should answer instead of delivering. */
export type PostFault = 'gone' | 'throttle';

/**
 * Decides, draw by draw, which operations fail. Each kind of fault has its own generator,
 * so how often one is drawn never shifts the sequence of another.
 */
export class FaultInjector {
  /** The seed in use; log it to repeat a run. */
  readonly seed: number;
  readonly dropDisconnectShare: number;
  readonly postGoneShare: number;
  readonly postThrottleShare: number;
  readonly duplicateBatchShare: number;
  readonly #disconnect: () => number;
  readonly #post: () => number;
  readonly #batch: () => number;

  constructor(options: FaultOptions = {}) {
    this.dropDisconnectShare = share('dropDisconnectShare', options.dropDisconnectShare);
    this.postGoneShare = share('postGoneShare', options.postGoneShare);
    this.postThrottleShare = share('postThrottleShare', options.postThrottleShare);
    this.duplicateBatchShare = share('duplicateBatchShare', options.duplicateBatchShare);
    if (this.postGoneShare + this.postThrottleShare > 1) {
      throw new ConfigurationError('postGoneShare and postThrottleShare add up to more than 1.');
    }
    this.seed = options.seed ?? randomInt(2 ** 31);
    this.#disconnect = seededRandom(this.seed ^ 0x1d);
    this.#post = seededRandom(this.seed ^ 0x2e);
    this.#batch = seededRandom(this.seed ^ 0x3f);
  }

  /** Whether any fault is switched on. */
  get active(): boolean {
    return (
      this.dropDisconnectShare > 0 ||
      this.postGoneShare > 0 ||
      this.postThrottleShare > 0 ||
      this.duplicateBatchShare > 0
    );
  }

  /** Whether this `$disconnect` invocation is dropped. */
  dropDisconnect(): boolean {
    return this.dropDisconnectShare > 0 && this.#disconnect() < this.dropDisconnectShare;
  }

  /** The fault this POST answers with, if any. */
  postFault(): PostFault | undefined {
    if (this.postGoneShare === 0 && this.postThrottleShare === 0) return undefined;
    const draw = this.#post();
    if (draw < this.postGoneShare) return 'gone';
    if (draw < this.postGoneShare + this.postThrottleShare) return 'throttle';
    return undefined;
  }

  /** Whether this stream batch is delivered twice. */
  duplicateBatch(): boolean {
    return this.duplicateBatchShare > 0 && this.#batch() < this.duplicateBatchShare;
  }
}
