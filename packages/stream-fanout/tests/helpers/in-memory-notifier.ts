/**
 * A `Notifier` held in memory: it records every post and answers per connection as told
 * (gone, failing, too large), optionally after a random delay so posts overlap.
 */
import { PostStatus, type Notifier, type PostResult } from '../../src/notifier.js';

export interface Post {
  readonly connectionId: string;
  readonly data: string;
}

export class InMemoryNotifier implements Notifier {
  /** Every post answered `delivered`, in the order they completed. */
  public readonly delivered: Post[] = [];
  /** Every post attempted, in the order they started. */
  public readonly attempted: Post[] = [];
  public readonly gone = new Set<string>();
  public readonly failing = new Set<string>();
  /** Fails posts it returns `true` for, besides those to `failing` connections. */
  public failIf: (connectionId: string, data: string) => boolean = () => false;
  public readonly tooLarge = new Set<string>();
  public inFlight = 0;
  public maxInFlight = 0;

  public constructor(private readonly maxDelayMs = 0) {}

  public async post(connectionId: string, data: string): Promise<PostResult> {
    this.attempted.push({ connectionId, data });
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * this.maxDelayMs));
      if (this.gone.has(connectionId)) return { status: PostStatus.gone, attempts: 1 };
      if (this.failing.has(connectionId) || this.failIf(connectionId, data)) {
        return { status: PostStatus.failed, attempts: 1, reason: 'InternalServerError (HTTP 500)' };
      }
      if (this.tooLarge.has(connectionId)) {
        return { status: PostStatus.tooLarge, attempts: 1, reason: 'PayloadTooLargeException' };
      }
      this.delivered.push({ connectionId, data });
      return { status: PostStatus.delivered, attempts: 1 };
    } finally {
      this.inFlight -= 1;
    }
  }

  /** The events delivered to one connection, parsed, in delivery order. */
  public eventsFor(connectionId: string): Record<string, unknown>[] {
    return this.delivered
      .filter((post) => post.connectionId === connectionId)
      .map((post) => JSON.parse(post.data) as Record<string, unknown>);
  }
}
