/**
 * Runs a benchmark plan, metric by metric, against one shared DynamoDB Local.
 */
import { measureColdStart, type ColdStartRow } from './cold-start.js';
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
  readonly dynamodbEndpoint: string;
  /** Starts a separate DynamoDB Local for the read-cost tables; default: use the shared one. */
  readonly startDynamoDb?: () => Promise<{ endpoint: string; stop(): Promise<void> }>;
  readonly only?: readonly Metric[];
  readonly log?: (line: string) => void;
}

export async function runBenchmarks(plan: BenchPlan, options: RunOptions): Promise<BenchResults> {
  const log = options.log ?? (() => undefined);
  const wanted = new Set<Metric>(options.only ?? METRICS);
  const { dynamodbEndpoint } = options;
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
    // Its own DynamoDB Local: 100 000 items (and their stream records) in the shared one
    // slow every later metric down with DynamoDB Local's database locks.
    const own = options.startDynamoDb === undefined ? undefined : await options.startDynamoDb();
    try {
      results.readCost = await measureReadCost({
        dynamodbEndpoint: own?.endpoint ?? dynamodbEndpoint,
        ...plan.readCost,
        log,
      });
    } finally {
      await own?.stop();
    }
  });
  await timed('invocations', async () => {
    results.invocations = await measureInvocations({ dynamodbEndpoint, ...plan.invocations, log });
  });
  await timed('latency', async () => {
    results.latency = await measureLatency({ dynamodbEndpoint, ...plan.latency, log });
  });
  await timed('throughput', async () => {
    results.throughput = await measureThroughput({
      dynamodbEndpoint,
      design: 'ours',
      ...plan.throughput,
      log,
    });
  });
  await timed('connections', async () => {
    results.connections = await measureConnectionsHeld({
      dynamodbEndpoint,
      ...plan.connections,
      log,
    });
  });
  return results;
}
