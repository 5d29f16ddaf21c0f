/**
 * The fan-out use case: a batch of table stream records becomes events posted to every
 * connected member of each room, with stale connections pruned and failures reported per
 * record so that only a room's failed tail is retried.
 */
import { serializeEvent, type RoomMember, type ServerEvent } from '@chat/domain';
import type { ConnectionStore } from '@chat/store';
import { createLimiter, type Limiter } from './limiter.js';
import { PostStatus, type Notifier, type PostResult } from './notifier.js';
import {
  ChangeKind,
  decodeRecord,
  partitionKeyOf,
  type MembershipChange,
  type RecordChange,
} from './record-events.js';
import { RoomRoster } from './room-roster.js';
import type { FanOutLogger, LogAttributes, StreamRecord } from './types.js';

/** Default number of posts in flight at once within one batch. */
export const DEFAULT_POST_CONCURRENCY = 32;

/**
 * Default largest room whose presence changes are broadcast. Broadcasting every join to
 * every member costs k posts per join, so filling a room of k costs k²/2 posts (500 000 for
 * 1 000 members); above the limit members read the list with `GET /rooms/{roomId}/members`.
 */
export const DEFAULT_PRESENCE_ROOM_LIMIT = 100;

/** What the fan-out needs. */
export interface FanOutOptions {
  /** Reads a room's members and deletes connections found gone. */
  readonly connections: Pick<ConnectionStore, 'listMembers' | 'deleteConnection'>;
  readonly notifier: Notifier;
  readonly logger: FanOutLogger;
  /** Posts in flight at once within one batch (and rooms worked on at once); default 32. */
  readonly concurrency?: number;
  /** Largest room (members after the change) whose presence changes are broadcast; default 100. */
  readonly presenceRoomLimit?: number;
}

/** The outcome of one batch. */
export interface FanOutResult {
  /**
   * Sequence numbers of the records that failed, in batch order: for each room whose
   * record failed, that record and every later record of the room. Report them as
   * `batchItemFailures`.
   */
  readonly failedSequenceNumbers: string[];
  /** Posts the gateway accepted. */
  readonly delivered: number;
  /** Connections that answered 410 Gone, in the order found; each was deleted (a failed deletion is logged). */
  readonly prunedConnectionIds: string[];
  /** Records skipped because they could not be decoded (logged, never retried). */
  readonly skipped: number;
  /** Presence changes not broadcast because their room is over the presence limit. */
  readonly presenceNotBroadcast: number;
}

interface Entry {
  readonly index: number;
  /** The record's partition key: records of one room share it. */
  readonly partition: string | undefined;
  readonly eventId: string | undefined;
  readonly sequenceNumber: string;
  readonly change: RecordChange;
}

/**
 * Fans table changes out to the rooms' connections.
 *
 * Delivery is **at least once**. A record whose post to some member fails (timeout, 5xx,
 * throttling beyond the retries) is reported failed and retried by Lambda, which posts it
 * again to every member, including those that already received it; and Lambda retries a
 * stream from the lowest failed sequence number, so other rooms' later records may be
 * delivered twice too. Every event carries its message id (or, for presence, the member and
 * change), so clients drop duplicates by event type and message id (plus `editedAt` for
 * edits); presence events are idempotent state changes for a client.
 *
 * Order: records of one room are handled one at a time in sequence-number order, and once
 * one fails, the rest of that room's records in the batch fail with it, so a room's events
 * are never delivered out of order. Different rooms run concurrently.
 *
 * Recipients: the room's members as of just after the change a record describes (one
 * `listMembers` per room per batch, replayed through the batch's membership changes). The
 * sender of a message receives its own `message.created`; a joining member receives its own
 * `joined` presence; a leaving member does not receive its `left`. Presence changes are
 * broadcast only in rooms of at most `presenceRoomLimit` members.
 */
export class FanOut {
  readonly #connections: FanOutOptions['connections'];
  readonly #notifier: Notifier;
  readonly #logger: FanOutLogger;
  readonly #concurrency: number;
  readonly #presenceRoomLimit: number;

  public constructor(options: FanOutOptions) {
    this.#connections = options.connections;
    this.#notifier = options.notifier;
    this.#logger = options.logger;
    this.#concurrency = options.concurrency ?? DEFAULT_POST_CONCURRENCY;
    if (!Number.isInteger(this.#concurrency) || this.#concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${this.#concurrency}`);
    }
    this.#presenceRoomLimit = options.presenceRoomLimit ?? DEFAULT_PRESENCE_ROOM_LIMIT;
    if (!Number.isInteger(this.#presenceRoomLimit) || this.#presenceRoomLimit < 0) {
      throw new RangeError(
        `presenceRoomLimit must be a non-negative integer, got ${this.#presenceRoomLimit}`,
      );
    }
  }

  /** Handles one batch of stream records. Never throws for a record's sake. */
  public async fanOutBatch(records: readonly StreamRecord[]): Promise<FanOutResult> {
    const run = new BatchRun(
      this.#connections,
      this.#notifier,
      this.#logger,
      createLimiter(this.#concurrency),
      this.#presenceRoomLimit,
    );
    const rooms = groupByPartition(records.map((record, index) => toEntry(record, index)));
    const roomLimiter = createLimiter(this.#concurrency);
    await Promise.all(
      [...rooms].map(([partition, entries]) =>
        roomLimiter.run(() => run.processRoom(partition, entries)),
      ),
    );
    const result: FanOutResult = {
      failedSequenceNumbers: run.failed
        .sort((a, b) => a.index - b.index)
        .map((e) => e.sequenceNumber),
      delivered: run.delivered,
      prunedConnectionIds: [...run.pruning.keys()],
      skipped: run.skipped,
      presenceNotBroadcast: run.presenceNotBroadcast,
    };
    this.#logger.info('Fan-out batch done', {
      records: records.length,
      rooms: rooms.size,
      failedRecords: result.failedSequenceNumbers.length,
      delivered: result.delivered,
      pruned: result.prunedConnectionIds.length,
      skipped: result.skipped,
      presenceNotBroadcast: result.presenceNotBroadcast,
    });
    return result;
  }
}

/** The state of one batch: the failures found, and connections pruned across its rooms. */
class BatchRun {
  public readonly failed: Entry[] = [];
  /** Connection id → its deletion; a connection is pruned once per batch. */
  public readonly pruning = new Map<string, Promise<void>>();
  public delivered = 0;
  public skipped = 0;
  public presenceNotBroadcast = 0;

  public constructor(
    private readonly connections: FanOutOptions['connections'],
    private readonly notifier: Notifier,
    private readonly logger: FanOutLogger,
    private readonly posts: Limiter,
    private readonly presenceRoomLimit: number,
  ) {}

  /** Handles one room's records in order; a failure fails the rest of the room's records. */
  public async processRoom(partition: string, entries: readonly Entry[]): Promise<void> {
    const changes: MembershipChange[] = [];
    for (const { change } of entries) {
      if (change.kind === ChangeKind.membership) changes.push(change.membership);
    }
    let roster: RoomRoster | undefined;
    const rosterFor = async (roomId: string): Promise<RoomRoster> => {
      roster ??= RoomRoster.before(await this.connections.listMembers(roomId), changes);
      return roster;
    };

    for (const [position, entry] of entries.entries()) {
      let ok: boolean;
      try {
        ok = await this.processEntry(entry, rosterFor);
      } catch (error) {
        this.logger.error('Fan-out of a record failed', { ...attributesOf(entry), error });
        ok = false;
      }
      if (!ok) {
        const tail = entries.slice(position);
        this.failed.push(...tail);
        if (tail.length > 1) {
          this.logger.warn('Failing the rest of the room’s records to keep their order', {
            partition,
            sequenceNumbers: tail.slice(1).map((e) => e.sequenceNumber),
          });
        }
        return;
      }
    }
  }

  /** Handles one record; `false` when it must be retried. */
  private async processEntry(
    entry: Entry,
    rosterFor: (roomId: string) => Promise<RoomRoster>,
  ): Promise<boolean> {
    const { change } = entry;
    switch (change.kind) {
      case ChangeKind.undecodable:
        this.skipped += 1;
        this.logger.error('Skipping a stream record that cannot be decoded', {
          ...attributesOf(entry),
          reason: change.reason,
        });
        return true;
      case ChangeKind.ignored:
        this.logger.debug('No event for stream record', {
          ...attributesOf(entry),
          reason: change.reason,
        });
        return true;
      case ChangeKind.membership: {
        const roster = await rosterFor(change.roomId);
        roster.apply(change.membership);
        if (change.event === undefined) return true;
        const members = roster.members();
        if (members.length > this.presenceRoomLimit) {
          this.presenceNotBroadcast += 1;
          return true;
        }
        return this.deliver(entry, change.event, members);
      }
      case ChangeKind.message: {
        const roster = await rosterFor(change.roomId);
        return this.deliver(entry, change.event, roster.members());
      }
    }
  }

  /** Posts the event to each member; `false` when a post failed in a retryable way. */
  private async deliver(
    entry: Entry,
    event: ServerEvent,
    members: readonly RoomMember[],
  ): Promise<boolean> {
    const data = serializeEvent(event);
    const recipients = members.filter((member) => !this.pruning.has(member.connectionId));
    const results = await Promise.all(
      recipients.map((member) => this.posts.run(() => this.post(member.connectionId, data))),
    );
    let ok = true;
    const prunes: Promise<void>[] = [];
    for (const [i, result] of results.entries()) {
      const connectionId = recipients[i]?.connectionId ?? '';
      const attributes = { ...attributesOf(entry), connectionId, attempts: result.attempts };
      switch (result.status) {
        case PostStatus.delivered:
          this.delivered += 1;
          break;
        case PostStatus.gone:
          prunes.push(this.prune(connectionId, attributes));
          break;
        case PostStatus.tooLarge:
          this.logger.warn('Dropping an event the gateway refused as too large', {
            ...attributes,
            bytes: Buffer.byteLength(data),
            reason: result.reason,
          });
          break;
        case PostStatus.failed:
          this.logger.error('Post to a connection failed; the record will be retried', {
            ...attributes,
            reason: result.reason,
          });
          ok = false;
          break;
      }
    }
    await Promise.all(prunes);
    return ok;
  }

  private async post(connectionId: string, data: string): Promise<PostResult> {
    try {
      return await this.notifier.post(connectionId, data);
    } catch (error) {
      return {
        status: PostStatus.failed,
        attempts: 1,
        reason: error instanceof Error ? error.message : String(error),
      };
    }
  }

  /**
   * Deletes a connection that answered 410 Gone, once per batch. A failed deletion is only
   * logged: the record was delivered to everyone else, the next post prunes again, and the
   * connection's TTL removes it in the end.
   */
  private prune(connectionId: string, attributes: LogAttributes): Promise<void> {
    const existing = this.pruning.get(connectionId);
    if (existing !== undefined) return existing;
    const deletion = this.connections.deleteConnection(connectionId).then(
      ({ memberships }) => {
        this.logger.info('Deleted a stale connection', {
          ...attributes,
          rooms: memberships.map((m) => m.roomId),
        });
      },
      (error: unknown) => {
        this.logger.error('Could not delete a stale connection', { ...attributes, error });
      },
    );
    this.pruning.set(connectionId, deletion);
    return deletion;
  }
}

function toEntry(record: StreamRecord, index: number): Entry {
  const sequenceNumber = record.dynamodb?.SequenceNumber;
  return {
    index,
    partition: partitionKeyOf(record),
    eventId: record.eventID,
    sequenceNumber: sequenceNumber ?? '',
    change:
      sequenceNumber === undefined || sequenceNumber === ''
        ? { kind: ChangeKind.undecodable, reason: 'Record without a SequenceNumber' }
        : decodeRecord(record),
  };
}

/**
 * Groups entries by partition key, each group in sequence-number order. Entries without a
 * readable partition key form groups of their own.
 */
function groupByPartition(entries: readonly Entry[]): Map<string, Entry[]> {
  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    const key = entry.partition ?? `#${entry.index}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [entry]);
    else group.push(entry);
  }
  for (const group of groups.values()) group.sort(compareSequence);
  return groups;
}

/** Sequence numbers are decimal strings of varying length: compare them as numbers. */
function compareSequence(a: Entry, b: Entry): number {
  const x = a.sequenceNumber;
  const y = b.sequenceNumber;
  if (/^\d+$/.test(x) && /^\d+$/.test(y)) {
    const p = x.replace(/^0+/, '');
    const q = y.replace(/^0+/, '');
    if (p.length !== q.length) return p.length - q.length;
    if (p !== q) return p < q ? -1 : 1;
  }
  return a.index - b.index;
}

function attributesOf(entry: Entry): LogAttributes {
  return { eventId: entry.eventId, sequenceNumber: entry.sequenceNumber };
}
