/**
 * The chat table, built from the domain's table definition.
 */
import { chatTable, keyAttributes, type TableDefinition } from '@chat/domain';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table/index.js';
import { Construct } from 'constructs';

/** Options of {@link ChatTable}. */
export interface ChatTableOptions {
  /** Prefix of the table name: the table is `{namePrefix}-{definition.baseName}`. */
  readonly namePrefix: string;
  /** What to create (default: the domain's `chatTable`). */
  readonly definition?: TableDefinition;
  /** Point-in-time recovery (default `true`). */
  readonly pointInTimeRecovery?: boolean;
  /** Refuse `DeleteTable` until turned off (default `false`, so `destroy` works). */
  readonly deletionProtection?: boolean;
  /** Customer managed KMS key; without it the table uses the AWS managed `aws/dynamodb` key. */
  readonly kmsKeyArn?: string;
}

/**
 * The single table: on-demand, stream with new and old images (the fan-out's input), TTL on
 * `expiresAt`, point-in-time recovery and server-side encryption.
 */
export class ChatTable extends Construct {
  readonly table: DynamodbTable;

  constructor(scope: Construct, id: string, options: ChatTableOptions) {
    super(scope, id);
    const definition = options.definition ?? chatTable;

    this.table = new DynamodbTable(this, 'table', {
      name: `${options.namePrefix}-${definition.baseName}`,
      billingMode: definition.billingMode,
      hashKey: definition.partitionKey.name,
      rangeKey: definition.sortKey.name,
      attribute: keyAttributes(definition).map(({ name, type }) => ({ name, type })),
      globalSecondaryIndex: definition.globalSecondaryIndexes.map((index) => ({
        name: index.name,
        hashKey: index.partitionKey.name,
        ...(index.sortKey === undefined ? {} : { rangeKey: index.sortKey.name }),
        projectionType: index.projection,
      })),
      streamEnabled: true,
      streamViewType: definition.streamViewType,
      ttl: { attributeName: definition.timeToLiveAttribute, enabled: true },
      pointInTimeRecovery: { enabled: options.pointInTimeRecovery ?? true },
      serverSideEncryption: {
        enabled: true,
        ...(options.kmsKeyArn === undefined ? {} : { kmsKeyArn: options.kmsKeyArn }),
      },
      deletionProtectionEnabled: options.deletionProtection ?? false,
    });
  }

  /** The table's name. */
  get name(): string {
    return this.table.name;
  }

  /** The table's ARN. */
  get arn(): string {
    return this.table.arn;
  }

  /** ARN of the table's current stream. */
  get streamArn(): string {
    return this.table.streamArn;
  }
}
