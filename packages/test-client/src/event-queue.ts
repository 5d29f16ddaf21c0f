/**
 * An async iterator fed by pushes: what `ChatClient.events()` returns. Values wait in a
 * queue until read; `end()` lets the reader drain the queue and then finish.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  readonly #buffer: T[] = [];
  readonly #waiting: ((result: IteratorResult<T>) => void)[] = [];
  readonly #onReturn: () => void;
  #ended = false;

  /** @param onReturn runs once, when the reader stops early or the queue ends. */
  public constructor(onReturn: () => void = () => undefined) {
    this.#onReturn = onReturn;
  }

  /** Values pushed but not read yet. */
  public get pending(): number {
    return this.#buffer.length;
  }

  public push(value: T): void {
    if (this.#ended) return;
    const waiter = this.#waiting.shift();
    if (waiter === undefined) this.#buffer.push(value);
    else waiter({ value, done: false });
  }

  /** No more values: a reader gets what is queued, then `done`. */
  public end(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#onReturn();
    for (const waiter of this.#waiting.splice(0)) waiter({ value: undefined, done: true });
  }

  public next(): Promise<IteratorResult<T>> {
    if (this.#buffer.length > 0) {
      return Promise.resolve({ value: this.#buffer.shift() as T, done: false });
    }
    if (this.#ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  public return(): Promise<IteratorResult<T>> {
    this.#buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  public [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
