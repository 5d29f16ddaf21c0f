/**
 * The document client unmarshalls results but not the `Item` that a failed condition
 * returns (`ReturnValuesOnConditionCheckFailure`, transaction cancellation reasons); this
 * converts that raw form into the plain item the domain's codecs read.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { StoredItem } from '../items.js';

/** Converts a raw DynamoDB item (`{ pk: { S: '…' } }`) into a plain one (`{ pk: '…' }`). */
export function fromAttributeMap(item: Record<string, AttributeValue>): StoredItem {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [name, fromAttribute(value)]),
  );
}

function fromAttribute(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return fromAttributeMap(value.M);
  if (value.L !== undefined) return value.L.map(fromAttribute);
  if (value.SS !== undefined) return new Set(value.SS);
  if (value.NS !== undefined) return new Set(value.NS.map(Number));
  if (value.B !== undefined) return value.B;
  if (value.BS !== undefined) return new Set(value.BS);
  return undefined;
}
