/**
 * Fills a chat table with realistic items through the domain's codecs: memberships and
 * messages of many rooms, written with BatchWriteItem and bounded concurrency.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  CONNECTION_TTL_SECONDS,
  memberKey,
  newMessageId,
  toMemberItem,
  toMessageItem,
  type ChatItem,
} from '@chat/domain';

const BATCH = 25;

/** Writes `items` with BatchWriteItem, retrying unprocessed items. */
export async function writeItems(
  client: DynamoDBDocumentClient,
  tableName: string,
  items: readonly object[],
  concurrency = 8,
): Promise<void> {
  const batches: object[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < batches.length) {
      const batch = batches[next++] ?? [];
      let requests = batch.map((Item) => ({
        PutRequest: { Item: Item as Record<string, unknown> },
      }));
      while (requests.length > 0) {
        const result = await client.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
        );
        requests = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
          request.PutRequest?.Item === undefined
            ? []
            : [{ PutRequest: { Item: request.PutRequest.Item } }],
        );
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/** Deletes the given keys with BatchWriteItem. */
export async function deleteKeys(
  client: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly { pk: string; sk: string }[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += BATCH) {
    const requests = keys.slice(i, i + BATCH).map((Key) => ({ DeleteRequest: { Key } }));
    await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
  }
}

function expiresAt(): number {
  return Math.floor(Date.now() / 1000) + CONNECTION_TTL_SECONDS;
}

/** `count` members of `roomId`, each on its own (fictional) connection. */
export function roomMembers(roomId: string, count: number): ChatItem[] {
  const joinedAt = new Date().toISOString();
  return Array.from({ length: count }, (_, i) =>
    toMemberItem({
      roomId,
      connectionId: `${roomId}-c${i}`,
      userId: `anon-${roomId}-${i}`,
      name: `member ${i}`,
      joinedAt,
      expiresAt: expiresAt(),
    }),
  );
}

/** Keys of the members `roomMembers(roomId, count)` made. */
export function roomMemberKeys(roomId: string, count: number): { pk: string; sk: string }[] {
  return Array.from({ length: count }, (_, i) => memberKey(roomId, `${roomId}-c${i}`));
}

/**
 * `count` items of other rooms: one in ten a membership, the rest messages of ~120 bytes
 * of text, spread over `count / 100` rooms (at least 10).
 */
export function otherRoomsItems(count: number): ChatItem[] {
  const rooms = Math.max(10, Math.floor(count / 100));
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => {
    const roomId = `other-${i % rooms}`;
    if (i % 10 === 0) {
      return toMemberItem({
        roomId,
        connectionId: `other-c${i}`,
        userId: `anon-other-${i}`,
        name: `other ${i}`,
        joinedAt: new Date(now).toISOString(),
        expiresAt: expiresAt(),
      });
    }
    return toMessageItem({
      id: newMessageId(now - count + i),
      roomId,
      authorId: `anon-other-${i % 97}`,
      authorName: `other ${i % 97}`,
      text: `message ${i} `.padEnd(120, 'lorem ipsum '),
      createdAt: new Date(now - count + i).toISOString(),
      deleted: false,
    });
  });
}
