/**
 * @module @chat/stream-fanout/app
 *
 * The app description of the fan-out: one function on the table's stream. The filter lets
 * only membership and message records invoke it; connection and idempotency records never do.
 */
import { fileURLToPath } from 'node:url';
import { KeyPrefix, type AppDescription } from '@chat/domain';

const handlerPath = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export const streamFanoutApp: AppDescription = {
  service: 'stream-fanout',
  functions: [
    {
      name: 'stream-fanout',
      description: 'Turns table stream records into events and posts them to the room members',
      entry: handlerPath('./handlers/stream.js'),
      handler: 'handler',
      triggers: [
        {
          type: 'table-stream',
          batchSize: 100,
          maximumBatchingWindowSeconds: 0,
          maximumRetryAttempts: 5,
          maximumRecordAgeSeconds: 3600,
          bisectBatchOnFunctionError: true,
          parallelizationFactor: 1,
          startingPosition: 'LATEST',
          reportBatchItemFailures: true,
          filterPatterns: [
            { dynamodb: { Keys: { sk: { S: [{ prefix: KeyPrefix.member }] } } } },
            { dynamodb: { Keys: { sk: { S: [{ prefix: KeyPrefix.message }] } } } },
          ],
        },
      ],
      environment: {
        TABLE_NAME: { from: 'tableName' },
        CONNECTIONS_ENDPOINT: { from: 'connectionsEndpoint' },
        // Joins, leaves and renames are broadcast in rooms of at most this many members.
        PRESENCE_ROOM_LIMIT: { from: 'value', value: '100' },
      },
      permissions: { table: 'read-write', tableStream: true, manageConnections: ['POST'] },
      timeoutSeconds: 60,
      memorySizeMb: 512,
    },
  ],
};
