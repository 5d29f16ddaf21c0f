/**
 * A bounded set of recently seen keys, evicting the least recently seen first. The client
 * uses it to drop events it already delivered (a re-sent stream batch, a message both
 * received live and fetched again after a reconnect).
 */
export class SeenIds {
  readonly #capacity: number;
  readonly #keys = new Map<string, true>();

  public constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** How many keys are held. */
  public get size(): number {
    return this.#keys.size;
  }

  /**
   * Records `key` and reports whether it is new. A key seen before moves to the most
   * recent end, so a key that keeps coming back is never evicted.
   */
  public add(key: string): boolean {
    if (this.#keys.has(key)) {
      this.#keys.delete(key);
      this.#keys.set(key, true);
      return false;
    }
    this.#keys.set(key, true);
    if (this.#keys.size > this.#capacity) {
      const oldest = this.#keys.keys().next();
      if (oldest.done !== true) this.#keys.delete(oldest.value);
    }
    return true;
  }

  public has(key: string): boolean {
    return this.#keys.has(key);
  }
}
