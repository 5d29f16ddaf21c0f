/**
 * How the adapters hold and write table items. Both write only what the domain's codecs
 * can decode again, so a bad entity fails the write instead of every later read.
 */

/** A table item as DynamoDB's document client hands it back: plain attributes. */
export type StoredItem = Readonly<Record<string, unknown>>;

/** A copy of `item` typed as the plain record the domain's decoders take. */
export function toStoredItem(item: object): StoredItem {
  return { ...item };
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
