/**
 * DynamoDB stream records in Lambda's format, built with `marshall` from real domain items,
 * as the event source mapping delivers them (`StreamViewType: NEW_AND_OLD_IMAGES`).
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

type Item = { readonly pk: string; readonly sk: string } & object;
type Image = Record<string, AttributeValue>;

const REGION = 'us-east-1';
const STREAM_ARN = `arn:aws:dynamodb:${REGION}:123456789012:table/chat/stream/2025-01-15T12:00:00.000`;

/** Makes sequence numbers that increase across every record a test builds. */
export class RecordFactory {
  #sequence = 100_000_000_000_000_000_000n;

  /** A record that `item` was put. */
  public insert(item: Item): DynamoDBRecord {
    return this.#record('INSERT', item, { NewImage: image(item) });
  }

  /** A record that `before` became `after`. */
  public modify(before: Item, after: Item): DynamoDBRecord {
    return this.#record('MODIFY', after, { OldImage: image(before), NewImage: image(after) });
  }

  /** A record that `item` was deleted; `ttl` makes it DynamoDB's TTL deletion. */
  public remove(item: Item, options: { ttl?: boolean } = {}): DynamoDBRecord {
    const record = this.#record('REMOVE', item, { OldImage: image(item) });
    return options.ttl === true
      ? { ...record, userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' } }
      : record;
  }

  /** A record with raw images, for undecodable data. */
  public raw(
    eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
    keys: Item,
    images: { NewImage?: Image; OldImage?: Image },
  ): DynamoDBRecord {
    return this.#record(eventName, keys, images);
  }

  #record(
    eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
    item: Item,
    images: { NewImage?: Image; OldImage?: Image },
  ): DynamoDBRecord {
    this.#sequence += 1n;
    const sequenceNumber = this.#sequence.toString();
    const bytes = JSON.stringify(images).length;
    return {
      eventID: `${sequenceNumber.slice(-12)}${'0'.repeat(20)}`,
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: REGION,
      eventSourceARN: STREAM_ARN,
      dynamodb: {
        ApproximateCreationDateTime: Math.floor(Date.now() / 1000),
        Keys: image({ pk: item.pk, sk: item.sk }),
        ...images,
        SequenceNumber: sequenceNumber,
        SizeBytes: bytes,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    };
  }
}

/** An item in the stream's attribute-value form. */
export function image(item: object): Image {
  return marshall(item, { removeUndefinedValues: true }) as unknown as Image;
}

/** The Lambda event holding `records`. */
export function streamEvent(records: DynamoDBRecord[]): DynamoDBStreamEvent {
  return { Records: records };
}

/** The sequence numbers of `records`. */
export function sequenceNumbers(records: readonly DynamoDBRecord[]): string[] {
  return records.map((record) => record.dynamodb?.SequenceNumber ?? '');
}
