/**
 * Runs a benchmark plan, metric by metric. Each case that needs a table takes a DynamoDB
 * Local from `options.dynamoDb` (a fresh one per case in `pnpm bench`).
 */
import { measureColdStart, type ColdStartRow } from './cold-start.js';
import type { DynamoDbSource } from './dynamodb-source.js';
import { measureConnectionsHeld, type ConnectionsRow } from './connections-held.js';
import { measureInvocations, type InvocationRow } from './invocations.js';
import { measureLatency, type LatencyRow } from './latency.js';
import type { BenchPlan } from './plans.js';
import { measureReadCost, type ReadCostRow } from './read-cost.js';
import { measureThroughput, type ThroughputResult } from './throughput.js';

export const METRICS = [
  'readCost',
  'invocations',
  'latency',
  'throughput',
  'coldStart',
  'connections',
] as const;
export type Metric = (typeof METRICS)[number];

export interface BenchResults {
  readCost?: ReadCostRow[];
  invocations?: InvocationRow[];
  latency?: LatencyRow[];
  throughput?: ThroughputResult;
  coldStart?: ColdStartRow[];
  connections?: ConnectionsRow[];
  /** Seconds each metric took. */
  durations: Partial<Record<Metric, number>>;
  /** Metrics that failed, with the error. */
  errors: Partial<Record<Metric, string>>;
}

export interface RunOptions {
  /** Where each case's table lives (see `dynamodb-source.ts`). */
  readonly dynamoDb: DynamoDbSource;
  readonly only?: readonly Metric[];
  readonly log?: (line: string) => void;
}

export async function runBenchmarks(plan: BenchPlan, options: RunOptions): Promise<BenchResults> {
  const log = options.log ?? (() => undefined);
  const wanted = new Set<Metric>(options.only ?? METRICS);
  const { dynamoDb } = options;
  const results: BenchResults = { durations: {}, errors: {} };
  const timed = async (metric: Metric, work: () => Promise<void>): Promise<void> => {
    if (!wanted.has(metric)) return;
    const started = Date.now();
    log(`— ${metric}`);
    try {
      await work();
    } catch (error) {
      // One metric failing must not lose the others' figures; the report says what failed.
      const message = error instanceof Error ? error.message : String(error);
      results.errors[metric] = message;
      log(`${metric} failed: ${message}`);
    }
    results.durations[metric] = Math.round((Date.now() - started) / 100) / 10;
  };

  await timed('coldStart', () => {
    results.coldStart = measureColdStart({ ...plan.coldStart, log });
    return Promise.resolve();
  });
  await timed('readCost', async () => {
    const lease = await dynamoDb();
    try {
      results.readCost = await measureReadCost({
        dynamodbEndpoint: lease.endpoint,
        ...plan.readCost,
        log,
      });
    } finally {
      await lease.release();
    }
  });
  await timed('invocations', async () => {
    results.invocations = await measureInvocations({ dynamoDb, ...plan.invocations, log });
  });
  await timed('latency', async () => {
    results.latency = await measureLatency({ dynamoDb, ...plan.latency, log });
  });
  await timed('throughput', async () => {
    results.throughput = await measureThroughput({
      dynamoDb,
      design: 'ours',
      ...plan.throughput,
      log,
    });
  });
  await timed('connections', async () => {
    results.connections = await measureConnectionsHeld({
      dynamoDb,
      ...plan.connections,
      log,
    });
  });
  return results;
}
