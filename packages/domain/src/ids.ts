/**
 * Identifiers. Message ids are uuid v7, so their string order is their time order and a
 * room's messages sort by id in the table.
 */
import { v4 as uuidv4, v7 as uuidv7 } from 'uuid';

/**
 * A new message id (uuid v7, time-ordered). Without `now`, ids made by one process are
 * strictly increasing even within one millisecond.
 */
export function newMessageId(now?: number): string {
  return now === undefined ? uuidv7() : uuidv7({ msecs: now });
}

/** A new random user id for a connection that has no authenticated identity. */
export function newAnonymousUserId(): string {
  return `anon-${uuidv4()}`;
}

/** The time (epoch milliseconds) encoded in a uuid v7. */
export function messageIdTime(messageId: string): number {
  const hex = messageId.replaceAll('-', '').slice(0, 12);
  return Number.parseInt(hex, 16);
}
