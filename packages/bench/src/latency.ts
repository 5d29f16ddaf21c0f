/**
 * End-to-end latency from send to receipt at every member of a room of k, for our stack
 * (at each poll interval), the seed's design, and the raw broadcast floor, all driven by
 * the same load generator from this process while the server runs in its own.
 */
import { runLoad, type LoadReport } from '@chat/test-client';
import { waitForQuietStream } from './invocations.js';
import { ServerHandle } from './server-handle.js';
import type { ServerKind } from './server-process.js';
import type { DynamoDbSource } from './dynamodb-source.js';

export interface LatencyRow {
  readonly design: ServerKind;
  readonly k: number;
  /** Stream poll interval; absent for the floor, which has no stream. */
  readonly pollIntervalMs?: number;
  readonly rate: number;
  readonly sent: number;
  readonly expected: number;
  readonly delivered: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly connectMs: number;
}

export interface LatencyCase {
  readonly design: ServerKind;
  readonly k: number;
  readonly pollIntervalMs: number;
}

export interface LatencyOptions {
  /** Where each server's table lives. */
  readonly dynamoDb: DynamoDbSource;
  readonly cases: readonly LatencyCase[];
  readonly durationMs: number;
  readonly log?: (line: string) => void;
}

/**
 * Sends per second for a room of k: about 300 deliveries a second (between 0.5 and 10
 * sends), well under what one core can post, so the figures are latency, not queueing.
 */
export function rateFor(k: number): number {
  return Math.min(10, Math.max(0.5, Math.round((300 / k) * 2) / 2));
}

export function toLatencyRow(
  design: ServerKind,
  k: number,
  pollIntervalMs: number | undefined,
  report: LoadReport,
): LatencyRow {
  return {
    design,
    k,
    ...(pollIntervalMs === undefined ? {} : { pollIntervalMs }),
    rate: report.settings.rate,
    sent: report.sent,
    expected: report.expectedDeliveries,
    delivered: report.delivered,
    lost: report.lost,
    duplicated: report.duplicated,
    p50: report.latencyMs.p50,
    p95: report.latencyMs.p95,
    p99: report.latencyMs.p99,
    max: report.latencyMs.max,
    connectMs: report.connectMs,
  };
}

/** Runs each case on a fresh server process. */
export async function measureLatency(options: LatencyOptions): Promise<LatencyRow[]> {
  const log = options.log ?? (() => undefined);
  const rows: LatencyRow[] = [];
  for (const { design, k, pollIntervalMs } of options.cases) {
    const server = await ServerHandle.start({
      kind: design,
      dynamoDb: options.dynamoDb,
      pollIntervalMs,
    });
    try {
      const rate = rateFor(k);
      const report = await runLoad({
        url: server.url,
        clients: k,
        rooms: 1,
        rate,
        durationMs: options.durationMs,
        warmupMs: 1000,
        drainMs: 15_000,
        // The joins' presence events go out first; measure the messages, not that backlog.
        beforeSending: () => (design === 'floor' ? Promise.resolve() : waitForQuietStream(server)),
      });
      const row = toLatencyRow(design, k, design === 'floor' ? undefined : pollIntervalMs, report);
      log(
        `latency: ${design} k=${k}${design === 'floor' ? '' : ` poll=${pollIntervalMs}ms`}: p50 ${row.p50} p99 ${row.p99} ms, lost ${row.lost}`,
      );
      rows.push(row);
    } finally {
      await server.stop();
    }
  }
  return rows;
}
