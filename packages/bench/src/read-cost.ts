/**
 * Read cost per message: what finding a room's recipients reads from DynamoDB, for a room
 * of k members while the table holds T items of other rooms. Ours is the fan-out's own
 * `ConnectionStore.listMembers` (one Query of the room's partition); the seed's design is
 * its `getConnected` Scan. Both run against the same DynamoDB Local table.
 */
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createChatTable, localClientConfig } from '@chat/dynamodb-local';
import { DynamoConnectionStore } from '@chat/store/dynamodb';
import { meterReads, type ReadTally } from './capacity-meter.js';
import { seedGetConnected } from './seed/seed-get-connected.js';
import {
  deleteKeys,
  otherRoomsItems,
  roomMemberKeys,
  roomMembers,
  writeItems,
} from './table-fill.js';

export interface ReadCostRow {
  readonly k: number;
  readonly otherItems: number;
  readonly design: 'ours' | 'seed';
  readonly recipientsFound: number;
  readonly itemsRead: number;
  readonly readCapacityUnits: number;
  readonly requests: number;
}

export interface ReadCostOptions {
  readonly dynamodbEndpoint: string;
  readonly ks: readonly number[];
  readonly otherItemCounts: readonly number[];
  readonly log?: (line: string) => void;
}

function perCall(tally: ReadTally, calls: number): Omit<ReadTally, never> {
  return {
    requests: tally.requests / calls,
    itemsRead: tally.itemsRead / calls,
    readCapacityUnits: Math.round((tally.readCapacityUnits / calls) * 10) / 10,
  };
}

/** Measures both designs for every (k, T). */
export async function measureReadCost(options: ReadCostOptions): Promise<ReadCostRow[]> {
  const log = options.log ?? (() => undefined);
  const client = new DynamoDBClient(localClientConfig(options.dynamodbEndpoint));
  const documentClient = DynamoDBDocumentClient.from(client);
  const meter = meterReads(client);
  const rows: ReadCostRow[] = [];
  try {
    for (const otherItems of options.otherItemCounts) {
      const tableName = `bench-read-${otherItems}-${Date.now()}`;
      await createChatTable(client, tableName);
      const started = Date.now();
      await writeItems(documentClient, tableName, otherRoomsItems(otherItems));
      log(`read cost: loaded ${otherItems} other items in ${Date.now() - started} ms`);
      const store = new DynamoConnectionStore({ tableName, client: documentClient });
      for (const k of options.ks) {
        const roomId = `bench-room-${k}`;
        await writeItems(documentClient, tableName, roomMembers(roomId, k));
        const calls = 3;

        meter.reset();
        let found = 0;
        for (let i = 0; i < calls; i += 1) found = (await store.listMembers(roomId)).length;
        rows.push({
          k,
          otherItems,
          design: 'ours',
          recipientsFound: found,
          ...perCall(meter.tally, calls),
        });

        meter.reset();
        for (let i = 0; i < calls; i += 1) {
          found = (await seedGetConnected(documentClient, tableName, roomId)).length;
        }
        rows.push({
          k,
          otherItems,
          design: 'seed',
          recipientsFound: found,
          ...perCall(meter.tally, calls),
        });

        await deleteKeys(documentClient, tableName, roomMemberKeys(roomId, k));
      }
      // Free DynamoDB Local's heap for the metrics that follow.
      await client.send(new DeleteTableCommand({ TableName: tableName }));
    }
  } finally {
    client.destroy();
  }
  return rows;
}
