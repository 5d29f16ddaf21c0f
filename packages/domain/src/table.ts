/**
 * The single table, described as data. The CDKTF app and the local stack both create the
 * table from this description, so production and local runs use the same keys and indexes.
 */

/** Attribute names of the table's keys and its TTL. */
export const TableAttribute = {
  partitionKey: 'pk',
  sortKey: 'sk',
  byConnectionPartitionKey: 'gsi1pk',
  byConnectionSortKey: 'gsi1sk',
  expiresAt: 'expiresAt',
  type: 'type',
} as const;

/** Name of the index that lists a connection's memberships (used on `$disconnect`). */
export const BY_CONNECTION_INDEX = 'byConnection';

export interface KeyAttributeDefinition {
  readonly name: string;
  readonly type: 'S' | 'N' | 'B';
}

export interface GlobalSecondaryIndexDefinition {
  readonly name: string;
  readonly partitionKey: KeyAttributeDefinition;
  readonly sortKey?: KeyAttributeDefinition;
  readonly projection: 'KEYS_ONLY' | 'ALL';
}

export interface TableDefinition {
  /** Suffix of the table name; deployments prefix it (`{prefix}-chat`). */
  readonly baseName: string;
  readonly partitionKey: KeyAttributeDefinition;
  readonly sortKey: KeyAttributeDefinition;
  readonly globalSecondaryIndexes: readonly GlobalSecondaryIndexDefinition[];
  readonly timeToLiveAttribute: string;
  readonly streamViewType: 'NEW_AND_OLD_IMAGES';
  readonly billingMode: 'PAY_PER_REQUEST';
}

/**
 * Every item lives under `pk`/`sk`:
 *
 * | item | pk | sk | gsi1pk / gsi1sk |
 * |---|---|---|---|
 * | connection | `CONN#{connectionId}` | `CONN` | |
 * | room member | `ROOM#{roomId}` | `MEMBER#{connectionId}` | `CONN#{connectionId}` / `ROOM#{roomId}` |
 * | message | `ROOM#{roomId}` | `MSG#{messageId}` | |
 * | client message id | `ROOM#{roomId}` | `CMID#{clientMessageId}` | |
 */
export const chatTable: TableDefinition = {
  baseName: 'chat',
  partitionKey: { name: TableAttribute.partitionKey, type: 'S' },
  sortKey: { name: TableAttribute.sortKey, type: 'S' },
  globalSecondaryIndexes: [
    {
      name: BY_CONNECTION_INDEX,
      partitionKey: { name: TableAttribute.byConnectionPartitionKey, type: 'S' },
      sortKey: { name: TableAttribute.byConnectionSortKey, type: 'S' },
      projection: 'KEYS_ONLY',
    },
  ],
  timeToLiveAttribute: TableAttribute.expiresAt,
  streamViewType: 'NEW_AND_OLD_IMAGES',
  billingMode: 'PAY_PER_REQUEST',
};

/** Every attribute that appears in a key of the table or an index, once. */
export function keyAttributes(table: TableDefinition = chatTable): KeyAttributeDefinition[] {
  const all = [
    table.partitionKey,
    table.sortKey,
    ...table.globalSecondaryIndexes.flatMap((index) =>
      index.sortKey === undefined ? [index.partitionKey] : [index.partitionKey, index.sortKey],
    ),
  ];
  return all.filter((attribute, i) => all.findIndex((a) => a.name === attribute.name) === i);
}
