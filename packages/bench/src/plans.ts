/**
 * What each benchmark mode measures. `quick` fits in about five minutes on two cores,
 * `full` is the run the README's figures come from, `smoke` is the smallest case of every
 * metric, run by the default test suite to check the output's shape.
 */
import type { LatencyCase } from './latency.js';

export interface BenchPlan {
  readonly mode: 'smoke' | 'quick' | 'full';
  readonly readCost: { ks: number[]; otherItemCounts: number[] };
  readonly invocations: { ks: number[]; messages: number; rate: number };
  readonly latency: { cases: LatencyCase[]; durationMs: number };
  readonly throughput: {
    rooms: number;
    membersPerRoom: number;
    rates: number[];
    durationMs: number;
  };
  readonly coldStart: { runs: number };
  readonly connections: { counts: number[] };
}

/** The default poll interval (Lambda polls a shard four times a second) and a short one. */
export const POLL_DEFAULT_MS = 250;
export const POLL_SHORT_MS = 50;

function latencyCases(ks: readonly number[], seedKs: readonly number[]): LatencyCase[] {
  return ks.flatMap((k) => [
    { design: 'floor' as const, k, pollIntervalMs: POLL_DEFAULT_MS },
    { design: 'ours' as const, k, pollIntervalMs: POLL_DEFAULT_MS },
    { design: 'ours' as const, k, pollIntervalMs: POLL_SHORT_MS },
    ...(seedKs.includes(k)
      ? [{ design: 'seed' as const, k, pollIntervalMs: POLL_DEFAULT_MS }]
      : []),
  ]);
}

export const plans: Readonly<Record<BenchPlan['mode'], BenchPlan>> = {
  smoke: {
    mode: 'smoke',
    readCost: { ks: [10], otherItemCounts: [200] },
    invocations: { ks: [3], messages: 2, rate: 4 },
    latency: {
      cases: [
        { design: 'floor', k: 3, pollIntervalMs: POLL_DEFAULT_MS },
        { design: 'ours', k: 3, pollIntervalMs: POLL_DEFAULT_MS },
        { design: 'seed', k: 3, pollIntervalMs: POLL_DEFAULT_MS },
      ],
      durationMs: 1000,
    },
    throughput: { rooms: 2, membersPerRoom: 3, rates: [4], durationMs: 1000 },
    coldStart: { runs: 1 },
    connections: { counts: [20] },
  },
  quick: {
    mode: 'quick',
    readCost: { ks: [10, 100, 1000], otherItemCounts: [1000, 10_000] },
    invocations: { ks: [10], messages: 10, rate: 2 },
    latency: { cases: latencyCases([10, 100], [10]), durationMs: 5000 },
    // Two steps keep the quick run under 5 minutes; --full climbs in steps of 10.
    throughput: { rooms: 100, membersPerRoom: 10, rates: [50, 90], durationMs: 5000 },
    coldStart: { runs: 3 },
    connections: { counts: [1000] },
  },
  full: {
    mode: 'full',
    readCost: { ks: [10, 100, 1000], otherItemCounts: [1000, 100_000] },
    invocations: { ks: [10, 100], messages: 20, rate: 2 },
    latency: { cases: latencyCases([10, 100, 1000], [10, 100, 1000]), durationMs: 15_000 },
    throughput: {
      rooms: 100,
      membersPerRoom: 10,
      rates: [40, 50, 60, 70, 80, 90, 100, 150, 200, 500],
      durationMs: 15_000,
    },
    coldStart: { runs: 7 },
    connections: { counts: [1000, 10_000] },
  },
};
