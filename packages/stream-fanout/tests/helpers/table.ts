/**
 * Table helpers for integration tests: seeding through the DynamoDB adapters, and a
 * snapshot of every item (a Scan: tests only, never in source).
 */
import { ScanCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Connection, RoomMember } from '@chat/domain';
import type { ConnectionStore } from '@chat/store';

/** The connection record a member's connection would have. */
export function connectionOf(member: RoomMember): Connection {
  return {
    connectionId: member.connectionId,
    userId: member.userId,
    name: member.name,
    connectedAt: member.joinedAt,
    sourceIp: '203.0.113.7',
    userAgent: 'vitest',
    expiresAt: member.expiresAt,
  };
}

/** Records each member's connection (once) and membership. */
export async function seedMembers(
  store: ConnectionStore,
  members: readonly RoomMember[],
): Promise<void> {
  const connections = [...new Map(members.map((m) => [m.connectionId, m])).values()];
  // In slices, so a big seed does not swamp DynamoDB Local.
  for (let i = 0; i < connections.length; i += 25) {
    await Promise.all(
      connections.slice(i, i + 25).map((m) => store.putConnection(connectionOf(m))),
    );
  }
  for (let i = 0; i < members.length; i += 25) {
    await Promise.all(members.slice(i, i + 25).map((member) => store.addMember(member)));
  }
}

/** Every item of the table, sorted by key. */
export async function snapshotTable(
  client: DynamoDBClient,
  tableName: string,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) items.push(unmarshall(item));
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start !== undefined);
  const key = (item: Record<string, unknown>): string => `${String(item.pk)}|${String(item.sk)}`;
  return items.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
