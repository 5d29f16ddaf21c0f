/**
 * Counts what DynamoDB reads: a middleware on a client asks every read for
 * `ReturnConsumedCapacity: TOTAL` and sums items scanned (`ScannedCount`, or one per
 * `GetItem`) and read capacity units. DynamoDB Local returns consumed capacity; when a
 * response lacks it, the meter falls back to DynamoDB's rule (4 KB per RCU, eventually
 * consistent reads at half price) over the returned items' sizes.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface ReadTally {
  requests: number;
  itemsRead: number;
  readCapacityUnits: number;
}

const READ_COMMANDS = new Set([
  'QueryCommand',
  'ScanCommand',
  'GetItemCommand',
  'BatchGetItemCommand',
]);

interface ReadOutput {
  ScannedCount?: number;
  Item?: unknown;
  Items?: unknown[];
  ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[];
}

function approximateUnits(output: ReadOutput, consistent: boolean): number {
  const items = output.Items ?? (output.Item === undefined ? [] : [output.Item]);
  const bytes = items.reduce<number>((sum, item) => sum + JSON.stringify(item).length, 0);
  const units = Math.max(1, Math.ceil(bytes / 4096));
  return consistent ? units : units / 2;
}

/** Instruments `client` and returns a live tally plus a reset. */
export function meterReads(client: DynamoDBClient): { tally: ReadTally; reset(): void } {
  const tally: ReadTally = { requests: 0, itemsRead: 0, readCapacityUnits: 0 };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = context.commandName ?? '';
      if (!READ_COMMANDS.has(command)) return next(args);
      const input = args.input as { ReturnConsumedCapacity?: string; ConsistentRead?: boolean };
      input.ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const output = result.output as ReadOutput;
      tally.requests += 1;
      tally.itemsRead +=
        output.ScannedCount ?? output.Items?.length ?? (output.Item === undefined ? 0 : 1);
      const consumed = output.ConsumedCapacity;
      const units = Array.isArray(consumed)
        ? consumed.reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0)
        : consumed?.CapacityUnits;
      tally.readCapacityUnits += units ?? approximateUnits(output, input.ConsistentRead === true);
      return result;
    },
    { step: 'initialize', name: 'benchReadMeter' },
  );
  return {
    tally,
    reset: () => {
      tally.requests = 0;
      tally.itemsRead = 0;
      tally.readCapacityUnits = 0;
    },
  };
}
