/**
 * Sustained throughput: the highest send rate, over 100 rooms of 10 members, at which the
 * p99 latency stays under 1 s and nothing is lost. Rates are tried in rising order on one
 * server; the ramp stops at the first rate that fails.
 */
import { runLoad } from '@chat/test-client';
import { toLatencyRow, type LatencyRow } from './latency.js';
import { waitForQuietStream } from './invocations.js';
import { ServerHandle } from './server-handle.js';
import type { ServerKind } from './server-process.js';
import type { DynamoDbSource } from './dynamodb-source.js';
import { processCpuSeconds } from './process-cpu.js';

export interface ThroughputStep extends LatencyRow {
  readonly achievedRate: number;
  readonly passed: boolean;
  /** CPU used while the load ran, in % of one core: where the time goes on this machine. */
  readonly cpuPercent: {
    /** The server process: gateway, handlers, stream poller. */
    readonly server: number | undefined;
    /** DynamoDB Local's JVM (its SQLite work runs on one thread). */
    readonly dynamoDb: number | undefined;
  };
}

export interface ThroughputResult {
  readonly design: ServerKind;
  readonly rooms: number;
  readonly membersPerRoom: number;
  /** Highest passing rate, messages per second (0 when none passed). */
  readonly sustainedRate: number;
  readonly steps: ThroughputStep[];
}

export interface ThroughputOptions {
  /** Where each server's table lives. */
  readonly dynamoDb: DynamoDbSource;
  readonly design: ServerKind;
  readonly rooms: number;
  readonly membersPerRoom: number;
  readonly rates: readonly number[];
  readonly durationMs: number;
  readonly p99LimitMs?: number;
  readonly log?: (line: string) => void;
}

interface CpuMeter {
  read(): ThroughputStep['cpuPercent'];
}

/** CPU of the server process and its DynamoDB Local from now until `read()`. */
function startCpuMeter(server: ServerHandle): CpuMeter {
  const startedAt = performance.now();
  const usage = (pid: number | undefined): number | undefined =>
    pid === undefined ? undefined : processCpuSeconds(pid);
  const serverAtStart = usage(server.pid);
  const dynamoDbAtStart = usage(server.dynamoDbPid);
  const percent = (before: number | undefined, after: number | undefined, seconds: number) =>
    before === undefined || after === undefined
      ? undefined
      : Math.round(((after - before) / seconds) * 100);
  return {
    read: () => {
      const seconds = (performance.now() - startedAt) / 1000;
      return {
        server: percent(serverAtStart, usage(server.pid), seconds),
        dynamoDb: percent(dynamoDbAtStart, usage(server.dynamoDbPid), seconds),
      };
    },
  };
}

export async function measureThroughput(options: ThroughputOptions): Promise<ThroughputResult> {
  const limit = options.p99LimitMs ?? 1000;
  const steps: ThroughputStep[] = [];
  for (const rate of options.rates) {
    // A fresh server per step, so one overloaded step does not slow the next one down.
    const server = await ServerHandle.start({
      kind: options.design,
      dynamoDb: options.dynamoDb,
      pollIntervalMs: 250,
    });
    try {
      let cpu: CpuMeter | undefined;
      const report = await runLoad({
        url: server.url,
        clients: options.rooms * options.membersPerRoom,
        rooms: options.rooms,
        rate,
        durationMs: options.durationMs,
        warmupMs: 2000,
        drainMs: 10_000,
        beforeSending: async () => {
          await waitForQuietStream(server);
          cpu = startCpuMeter(server);
        },
      });
      const row = toLatencyRow(options.design, options.membersPerRoom, 250, report);
      const passed = report.lost === 0 && report.sent > 0 && row.p99 < limit;
      const cpuPercent = cpu?.read() ?? { server: undefined, dynamoDb: undefined };
      steps.push({ ...row, achievedRate: report.achievedRate, passed, cpuPercent });
      options.log?.(
        `throughput: ${options.design} ${rate}/s (achieved ${report.achievedRate}): p99 ${row.p99} ms, lost ${row.lost}, CPU server ${cpuPercent.server ?? '?'}% DynamoDB Local ${cpuPercent.dynamoDb ?? '?'}% → ${passed ? 'pass' : 'fail'}`,
      );
      if (!passed) break;
    } finally {
      await server.stop();
    }
  }
  const sustainedRate = Math.max(
    0,
    ...steps.filter((step) => step.passed).map((step) => step.rate),
  );
  return {
    design: options.design,
    rooms: options.rooms,
    membersPerRoom: options.membersPerRoom,
    sustainedRate,
    steps,
  };
}
