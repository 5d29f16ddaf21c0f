/**
 * Recognising AWS SDK v3 errors. SDK v3 errors carry a `name` (and `$metadata`), not the
 * v2 `code`/`statusCode`, so everything here tests `name`.
 */
import type { AttributeValue, CancellationReason } from '@aws-sdk/client-dynamodb';

/** `true` when `error` is an SDK error with this `name`. */
export function isAwsError(error: unknown, name: string): error is Error {
  return error instanceof Error && error.name === name;
}

/**
 * A failed condition of a single-item write, with the item as it was when
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'` was asked for (absent when no item existed).
 */
export function conditionFailure(
  error: unknown,
): { item: Record<string, AttributeValue> | undefined } | undefined {
  if (!isAwsError(error, 'ConditionalCheckFailedException')) return undefined;
  const { Item: item } = error as { Item?: Record<string, AttributeValue> };
  return { item };
}

/** The per-action reasons of a cancelled transaction, in the order of its actions. */
export function cancellationReasons(error: unknown): CancellationReason[] | undefined {
  if (!isAwsError(error, 'TransactionCanceledException')) return undefined;
  return (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons ?? [];
}
