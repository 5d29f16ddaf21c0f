/**
 * DynamoDB orders string sort keys by their UTF-8 bytes; JavaScript's `<` compares UTF-16
 * code units, which disagrees above U+FFFF. Adapters that stand in for DynamoDB sort with this.
 */
const encoder = new TextEncoder();

/** Negative, zero or positive as `a` sorts before, with or after `b` in DynamoDB. */
export function compareUtf8(a: string, b: string): number {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (left[i] ?? 0) - (right[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

/** Checks the page size every `listMessages` takes, as DynamoDB would reject `Limit < 1`. */
export function assertPageLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
  }
}
