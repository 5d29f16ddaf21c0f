/** What the handlers and services under test answered, checked before it is returned. */
import { parseServerEvent, type ChatError, type ServerEvent } from '@chat/domain';
import type { WebSocketResult } from '../events.js';

/**
 * The reply event in a two-way route's response, checked against the protocol.
 *
 * @throws {Error} when the status is not 200 or the body is not a server event.
 */
export function replyOf(result: WebSocketResult): ServerEvent {
  if (result.statusCode !== 200) {
    throw new Error(`expected status 200, got ${String(result.statusCode)}`);
  }
  const parsed = parseServerEvent(result.body);
  if (!parsed.ok) throw new Error(`not a server event: ${String(result.body)}`);
  return parsed.value;
}

/**
 * The `code` of the error `promise` rejects with.
 *
 * @throws {Error} when it resolves.
 */
export async function errorCodeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error: unknown) {
    return (error as ChatError).code;
  }
  throw new Error('expected the call to fail');
}
