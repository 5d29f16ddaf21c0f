/**
 * DynamoDB Streams API records in the shape Lambda delivers them to a function: attribute
 * values as JSON (binary as base64), `ApproximateCreationDateTime` in epoch seconds, and the
 * event source's ARN and region on every record.
 */
import type {
  AttributeValue as StreamsAttributeValue,
  _Record as StreamsRecord,
} from '@aws-sdk/client-dynamodb-streams';

/** An attribute value as JSON, as Lambda passes it. */
export type LambdaAttributeValue =
  | { readonly S: string }
  | { readonly N: string }
  | { readonly B: string }
  | { readonly SS: string[] }
  | { readonly NS: string[] }
  | { readonly BS: string[] }
  | { readonly M: Record<string, LambdaAttributeValue> }
  | { readonly L: LambdaAttributeValue[] }
  | { readonly NULL: boolean }
  | { readonly BOOL: boolean };

/** One record of a DynamoDB stream event as Lambda delivers it. */
export interface LambdaStreamRecord {
  readonly eventID: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  readonly eventVersion: string;
  readonly eventSource: 'aws:dynamodb';
  readonly awsRegion: string;
  readonly dynamodb: {
    /** Epoch seconds. */
    readonly ApproximateCreationDateTime: number;
    readonly Keys: Record<string, LambdaAttributeValue>;
    readonly NewImage?: Record<string, LambdaAttributeValue>;
    readonly OldImage?: Record<string, LambdaAttributeValue>;
    readonly SequenceNumber: string;
    readonly SizeBytes: number;
    readonly StreamViewType: string;
  };
  readonly eventSourceARN: string;
  /** Present for deletions made by TTL: `{ type: 'Service', principalId: 'dynamodb.amazonaws.com' }`. */
  readonly userIdentity?: { readonly type: string; readonly principalId: string };
}

/** A DynamoDB stream event, Lambda's format. */
export interface LambdaStreamEvent {
  readonly Records: LambdaStreamRecord[];
}

const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** One attribute value as Lambda's JSON. */
export function toLambdaAttributeValue(value: StreamsAttributeValue): LambdaAttributeValue {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.B !== undefined) return { B: base64(value.B) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  if (value.BS !== undefined) return { BS: value.BS.map(base64) };
  if (value.M !== undefined) return { M: toLambdaImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toLambdaAttributeValue) };
  if (value.NULL !== undefined) return { NULL: value.NULL };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  throw new TypeError(`Unknown attribute value type: ${Object.keys(value).join(', ')}`);
}

/** An item image (or key) as Lambda's JSON. */
export function toLambdaImage(
  image: Record<string, StreamsAttributeValue>,
): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, toLambdaAttributeValue(value)]),
  );
}

/** Where a record came from. */
export interface StreamSource {
  readonly region: string;
  readonly streamArn: string;
}

/** Converts a Streams API record to Lambda's event record. */
export function toLambdaRecord(record: StreamsRecord, source: StreamSource): LambdaStreamRecord {
  const data = record.dynamodb ?? {};
  const created = data.ApproximateCreationDateTime;
  const identity = record.userIdentity;
  return {
    eventID: record.eventID ?? '',
    eventName: record.eventName ?? 'MODIFY',
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: source.region,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor((created?.getTime() ?? Date.now()) / 1000),
      Keys: toLambdaImage(data.Keys ?? {}),
      ...(data.NewImage === undefined ? {} : { NewImage: toLambdaImage(data.NewImage) }),
      ...(data.OldImage === undefined ? {} : { OldImage: toLambdaImage(data.OldImage) }),
      SequenceNumber: data.SequenceNumber ?? '',
      SizeBytes: data.SizeBytes ?? 0,
      StreamViewType: data.StreamViewType ?? 'NEW_AND_OLD_IMAGES',
    },
    eventSourceARN: source.streamArn,
    ...(identity?.Type !== undefined && identity.PrincipalId !== undefined
      ? { userIdentity: { type: identity.Type, principalId: identity.PrincipalId } }
      : {}),
  };
}
