/**
 * The load generator's report: the figures it collects, percentile summaries and the text
 * form printed by `chat-load`.
 */

/** Summary of a set of latency samples, in milliseconds (nearest-rank percentiles). */
export interface LatencySummary {
  readonly samples: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** What a load run measured. Counts cover the measured window only, not the warm-up. */
export interface LoadReport {
  /** Marks this run's messages (`load:<runId>:…`) and rooms. */
  readonly runId: string;
  readonly url: string;
  readonly startedAt: string;
  readonly settings: {
    readonly clients: number;
    readonly rooms: number;
    /** Messages per second over all clients. */
    readonly rate: number;
    readonly durationMs: number;
    readonly warmupMs: number;
    readonly drainMs: number;
    readonly messageBytes: number;
  };
  /** Clients connected and joined; the rest failed (see `errors.CONNECT_FAILED`). */
  readonly connected: number;
  /** Time to connect and join every client, in milliseconds. */
  readonly connectMs: number;
  /** Messages sent in the measured window. */
  readonly sent: number;
  /** Of those, acknowledged by the server. */
  readonly acked: number;
  /** Sends per second actually achieved in the measured window. */
  readonly achievedRate: number;
  /** Receipts owed: for each acknowledged message, the members of its room at send time. */
  readonly expectedDeliveries: number;
  /** Distinct (receiver, message) receipts of measured messages. */
  readonly delivered: number;
  /** Expected receipts that never came. */
  readonly lost: number;
  /** Receipts beyond the first of the same message by the same receiver. */
  readonly duplicated: number;
  /** From send to each receipt, the sender's own included. */
  readonly latencyMs: LatencySummary;
  /** From send to the sender's `ack`. */
  readonly ackLatencyMs: LatencySummary;
  /** Failures by code: server codes, `REQUEST_TIMEOUT`, `CONNECT_FAILED`, `DISCONNECTED`, … */
  readonly errors: Readonly<Record<string, number>>;
}

/** Nearest-rank percentiles of `samples` (which it sorts in place). */
export function summarizeLatencies(samples: number[]): LatencySummary {
  if (samples.length === 0) return { samples: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 };
  samples.sort((a, b) => a - b);
  const rank = (percentile: number): number => {
    const index = Math.ceil((percentile / 100) * samples.length) - 1;
    return round(samples[Math.min(Math.max(index, 0), samples.length - 1)] ?? 0);
  };
  let sum = 0;
  for (const sample of samples) sum += sample;
  return {
    samples: samples.length,
    p50: rank(50),
    p95: rank(95),
    p99: rank(99),
    max: round(samples.at(-1) ?? 0),
    mean: round(sum / samples.length),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function formatLatency(summary: LatencySummary): string {
  if (summary.samples === 0) return 'no samples';
  return `p50 ${summary.p50}  p95 ${summary.p95}  p99 ${summary.p99}  max ${summary.max}  (${summary.samples} samples)`;
}

/** The report as a few aligned lines of text. */
export function formatLoadReport(report: LoadReport): string {
  const { settings } = report;
  const errors = Object.entries(report.errors)
    .sort(([, a], [, b]) => b - a)
    .map(([code, count]) => `${code} ${count}`)
    .join(', ');
  return [
    `chat-load ${report.runId}: ${settings.clients} clients in ${settings.rooms} rooms, ` +
      `${settings.rate} msg/s for ${settings.durationMs / 1000} s ` +
      `(warm-up ${settings.warmupMs / 1000} s) against ${report.url}`,
    `connected    ${report.connected}/${settings.clients} in ${Math.round(report.connectMs)} ms`,
    `sent         ${report.sent} (${report.achievedRate}/s), acked ${report.acked}`,
    `deliveries   ${report.delivered} of ${report.expectedDeliveries} expected, ` +
      `lost ${report.lost}, duplicated ${report.duplicated}`,
    `latency ms   ${formatLatency(report.latencyMs)}`,
    `ack ms       ${formatLatency(report.ackLatencyMs)}`,
    `errors       ${errors === '' ? 'none' : errors}`,
  ].join('\n');
}
