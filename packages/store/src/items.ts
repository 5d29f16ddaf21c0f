/**
 * How the adapters hold and write table items. Both write only what the domain's codecs
 * can decode again, so a bad entity fails the write instead of every later read.
 */
import { timestampSchema, UnknownItemError } from '@chat/domain';

/** A table item as DynamoDB's document client hands it back: plain attributes. */
export type StoredItem = Readonly<Record<string, unknown>>;

/**
 * A copy of `item` typed as the plain record the domain's decoders take, without
 * `undefined` attributes (DynamoDB has no such value; the document client would reject it).
 */
export function toStoredItem(item: object): StoredItem {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== undefined));
}

/**
 * Encodes `entity` into its table item and decodes that item again.
 *
 * @returns the item to write and the entity as later reads will return it.
 * @throws {UnknownItemError} when the item could not be read back.
 */
export function encodeChecked<T>(
  entity: T,
  encode: (entity: T) => object,
  decode: (item: StoredItem) => T,
): { item: StoredItem; value: T } {
  const item = toStoredItem(encode(entity));
  return { item, value: decode(item) };
}

/**
 * Checks the timestamp an edit or delete writes, as the message codec will read it, so a
 * change that could not be read back is refused before it is written.
 *
 * @throws {UnknownItemError} when `editedAt` is not an ISO-8601 UTC timestamp with milliseconds.
 */
export function assertEditedAt(editedAt: string): void {
  if (!timestampSchema.safeParse(editedAt).success) {
    throw new UnknownItemError(
      `Cannot store editedAt "${editedAt.slice(0, 40)}": not an ISO timestamp`,
    );
  }
}
