/**
 * BASELINE ONLY: the seed's `getConnected` Lambda, on our table. Returns the room's
 * connection ids found by a Scan over the whole table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { seedGetConnected } from '../seed-get-connected.js';

const tableName = process.env.TABLE_NAME ?? '';
const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = DynamoDBDocumentClient.from(
  new DynamoDBClient(endpoint === undefined ? {} : { endpoint }),
);

export async function handler(event: { roomId: string }): Promise<{ connectionIds: string[] }> {
  return { connectionIds: await seedGetConnected(client, tableName, event.roomId) };
}
