/**
 * Which shards of a stream to read, and when. DynamoDB splits a stream into shards that
 * close and hand over to child shards; to keep each key's records in order, a child is read
 * only once its parent has been read to the end, as Lambda's event source mapping does.
 */

/** What DescribeStream tells about a shard. */
export interface ShardInfo {
  readonly shardId: string;
  readonly parentShardId?: string;
  /** A closed shard has an ending sequence number and receives no new records. */
  readonly closed: boolean;
}

/** What the reader already does with shards. */
export interface LineageState {
  /** Shards being read now. */
  readonly reading: ReadonlySet<string>;
  /** Shards read to the end, or skipped because they predate the starting position. */
  readonly finished: ReadonlySet<string>;
}

/**
 * Shards to start reading now: not yet started, and either without a parent, or whose parent
 * is finished or no longer listed (trimmed after 24 hours, so nothing is left to read).
 */
export function shardsToStart(shards: readonly ShardInfo[], state: LineageState): ShardInfo[] {
  const listed = new Set(shards.map((shard) => shard.shardId));
  return shards.filter((shard) => {
    if (state.reading.has(shard.shardId) || state.finished.has(shard.shardId)) return false;
    const parent = shard.parentShardId;
    return parent === undefined || !listed.has(parent) || state.finished.has(parent);
  });
}

/**
 * The shards a `LATEST` start skips: every closed shard (its records all predate the start),
 * and the open shards are read from their tip. Returns the ids to mark finished.
 */
export function shardsBeforeLatest(shards: readonly ShardInfo[]): string[] {
  return shards.filter((shard) => shard.closed).map((shard) => shard.shardId);
}
