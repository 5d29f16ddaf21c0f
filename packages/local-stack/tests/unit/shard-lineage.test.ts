import { describe, expect, it } from 'vitest';
import { shardsBeforeLatest, shardsToStart, type ShardInfo } from '../../src/shard-lineage.js';

const shards: ShardInfo[] = [
  { shardId: 'root', closed: true },
  { shardId: 'child-1', parentShardId: 'root', closed: true },
  { shardId: 'child-2', parentShardId: 'root', closed: false },
  { shardId: 'grandchild', parentShardId: 'child-1', closed: false },
  { shardId: 'orphan', parentShardId: 'trimmed-away', closed: false },
];

const ids = (list: ShardInfo[]): string[] => list.map((shard) => shard.shardId);

describe('shardsToStart', () => {
  it('starts only shards whose parent is finished or no longer listed', () => {
    expect(ids(shardsToStart(shards, { reading: new Set(), finished: new Set() }))).toEqual([
      'root',
      'orphan',
    ]);
  });

  it('starts the children once their parent is read to the end', () => {
    const state = { reading: new Set(['orphan']), finished: new Set(['root']) };
    expect(ids(shardsToStart(shards, state))).toEqual(['child-1', 'child-2']);
    const later = {
      reading: new Set(['orphan', 'child-2']),
      finished: new Set(['root', 'child-1']),
    };
    expect(ids(shardsToStart(shards, later))).toEqual(['grandchild']);
  });
});

describe('shardsBeforeLatest', () => {
  it('skips every closed shard when starting at the tip', () => {
    expect(shardsBeforeLatest(shards)).toEqual(['root', 'child-1']);
  });
});
