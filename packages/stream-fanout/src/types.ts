/**
 * Plain data the fan-out works on: stream records as Lambda's event source mapping delivers
 * them (the fields the fan-out reads, nothing Lambda-specific), and the logger it writes to.
 */

/** An attribute value in DynamoDB's JSON form, as the stream delivers it (`{ "S": "x" }`). */
export type StreamAttributeValue = Readonly<Record<string, unknown>>;

/** An item image in DynamoDB's JSON form. */
export type StreamImage = Readonly<Record<string, StreamAttributeValue>>;

/** The change data of one stream record. */
export interface StreamRecordData {
  readonly Keys?: StreamImage | undefined;
  readonly NewImage?: StreamImage | undefined;
  readonly OldImage?: StreamImage | undefined;
  /** Position in the shard; what `batchItemFailures` report. */
  readonly SequenceNumber?: string | undefined;
  readonly ApproximateCreationDateTime?: number | undefined;
}

/**
 * One DynamoDB stream record in Lambda's format. `DynamoDBRecord` from `aws-lambda` is
 * assignable to it, and so is any record a local poller builds in the same shape.
 */
export interface StreamRecord {
  readonly eventID?: string | undefined;
  readonly eventName?: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  readonly dynamodb?: StreamRecordData | undefined;
  /**
   * Who made the change. DynamoDB's TTL deletions carry
   * `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`.
   */
  readonly userIdentity?: unknown;
}

/** Structured log attributes. */
export type LogAttributes = Record<string, unknown>;

/**
 * What the fan-out logs through. Powertools' `Logger` satisfies it; tests pass a recorder.
 */
export interface FanOutLogger {
  debug(message: string, attributes: LogAttributes): void;
  info(message: string, attributes: LogAttributes): void;
  warn(message: string, attributes: LogAttributes): void;
  error(message: string, attributes: LogAttributes): void;
}
