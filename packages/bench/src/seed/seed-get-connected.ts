/**
 * The seed article's `getConnected`, ported onto our table: find the room's connections
 * with a `Scan` and a `FilterExpression` over the whole single table. Like the article's,
 * it reads every item (messages included) to keep the few that match; unlike the
 * article's, it follows `LastEvaluatedKey`, or it would silently miss members past the
 * first megabyte. BASELINE ONLY: this is what the project replaces.
 */
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ItemType, roomPartition } from '@chat/domain';

/** Connection ids of the room's members, found by scanning the table. */
export async function seedGetConnected(
  client: DynamoDBDocumentClient,
  tableName: string,
  roomId: string,
): Promise<string[]> {
  const connectionIds: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#type = :member AND #pk = :room AND attribute_exists(#connectionId)',
        ExpressionAttributeNames: { '#type': 'type', '#pk': 'pk', '#connectionId': 'connectionId' },
        ExpressionAttributeValues: { ':member': ItemType.member, ':room': roomPartition(roomId) },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) connectionIds.push(String(item.connectionId));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return connectionIds;
}
