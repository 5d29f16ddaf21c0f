/**
 * BASELINE ONLY. The seed article's fan-out, ported onto our local stack and table so the
 * benchmarks can run it beside ours: a stream function with batch size 1 that invokes a
 * `getConnected` function (a Scan with a FilterExpression over the whole table) and then
 * invokes one post function per recipient, as the article's `chatTableStreamHandler`,
 * `getConnected` and `webSocketMessageHandler` do. It replaces `@chat/stream-fanout` in a
 * benchmark run; it is never deployed.
 */
import { fileURLToPath } from 'node:url';
import type { AppDescription } from '@chat/domain';

const handlerPath = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/** Function names the seed's stream function invokes. */
export const SeedFunction = {
  getConnected: 'seed-get-connected',
  post: 'seed-web-socket-message-handler',
} as const;

export const seedFanoutApp: AppDescription = {
  service: 'seed-baseline',
  functions: [
    {
      name: 'seed-table-stream-handler',
      description: "BASELINE: the seed's stream handler (batch size 1, a Lambda per recipient)",
      entry: handlerPath('./handlers/table-stream-handler.js'),
      handler: 'handler',
      triggers: [
        {
          type: 'table-stream',
          batchSize: 1,
          maximumBatchingWindowSeconds: 0,
          maximumRetryAttempts: 0,
          maximumRecordAgeSeconds: 3600,
          bisectBatchOnFunctionError: false,
          parallelizationFactor: 1,
          startingPosition: 'LATEST',
          reportBatchItemFailures: false,
          filterPatterns: [],
        },
      ],
      environment: { TABLE_NAME: { from: 'tableName' } },
      permissions: { table: 'read' },
      timeoutSeconds: 60,
      memorySizeMb: 512,
    },
    {
      name: SeedFunction.getConnected,
      description: "BASELINE: the seed's getConnected (Scan + FilterExpression)",
      entry: handlerPath('./handlers/get-connected.js'),
      handler: 'handler',
      triggers: [],
      environment: { TABLE_NAME: { from: 'tableName' } },
      permissions: { table: 'read' },
      timeoutSeconds: 60,
      memorySizeMb: 512,
    },
    {
      name: SeedFunction.post,
      description: "BASELINE: the seed's webSocketMessageHandler (one post per invocation)",
      entry: handlerPath('./handlers/web-socket-message-handler.js'),
      handler: 'handler',
      triggers: [],
      environment: { CONNECTIONS_ENDPOINT: { from: 'connectionsEndpoint' } },
      permissions: { manageConnections: ['POST'] },
      timeoutSeconds: 10,
      memorySizeMb: 128,
    },
  ],
};
