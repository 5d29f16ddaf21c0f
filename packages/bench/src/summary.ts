/**
 * The Markdown report of a benchmark run: one table per metric with the baselines beside
 * ours, and the targets with whether this run met them.
 */
import { markdownTable, round, type RunInfo } from './report.js';
import type { ConnectionsRow } from './connections-held.js';
import type { BenchResults } from './run.js';

export interface TargetCheck {
  readonly target: string;
  readonly figure: string;
  readonly met: boolean;
}

/** Evaluates the targets that the run's figures allow to evaluate. */
export function checkTargets(results: BenchResults): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const reads = results.readCost ?? [];
  const ours = reads.filter((row) => row.design === 'ours');
  if (ours.length > 0) {
    const worst = Math.max(...ours.map((row) => row.itemsRead / row.k));
    checks.push({
      target: 'ours reads only the room: items read per message ≤ 1.01 k + 1',
      figure: `max ${round(worst, 3)} × k`,
      met: ours.every((row) => row.itemsRead <= 1.01 * row.k + 1),
    });
    const maxT = Math.max(...reads.map((row) => row.otherItems));
    const seed10 = reads.find(
      (row) => row.design === 'seed' && row.k === 10 && row.otherItems === maxT,
    );
    const ours10 = ours.find((row) => row.k === 10 && row.otherItems === maxT);
    if (seed10 !== undefined && ours10 !== undefined) {
      const ratio = seed10.itemsRead / Math.max(1, ours10.itemsRead);
      checks.push({
        target: `seed reads ≥ 1 000 × more items at k = 10 (T = ${maxT})`,
        figure: `${round(ratio, 0)} ×`,
        met: ratio >= 1000,
      });
    }
  }
  for (const row of results.invocations ?? []) {
    checks.push(
      row.design === 'ours'
        ? {
            target: `ours: invocations per message ≤ route + 1 (k = ${row.k})`,
            figure: String(row.total),
            met: row.total <= row.route + 1,
          }
        : {
            target: `seed: invocations per message ≥ k (k = ${row.k})`,
            figure: String(row.total),
            met: row.total >= row.k,
          },
    );
  }
  const latency = results.latency ?? [];
  const largestK = Math.max(0, ...latency.map((row) => row.k));
  const floor = latency.find((row) => row.design === 'floor' && row.k === largestK);
  for (const row of latency.filter((r) => r.design === 'ours' && r.k === largestK)) {
    if (floor === undefined || row.pollIntervalMs === undefined) continue;
    const overhead = row.p99 - floor.p99;
    checks.push({
      target: `p99 overhead above the floor ≤ poll + 100 ms (k = ${row.k}, poll ${row.pollIntervalMs} ms)`,
      figure: `${round(overhead, 0)} ms`,
      met: overhead <= row.pollIntervalMs + 100,
    });
  }
  if (results.throughput !== undefined) {
    checks.push({
      target: `sustained ≥ 500 messages/s at ${results.throughput.rooms} × ${results.throughput.membersPerRoom}`,
      figure: `${results.throughput.sustainedRate} /s`,
      met: results.throughput.sustainedRate >= 500,
    });
  }
  for (const row of results.coldStart ?? []) {
    checks.push({
      target: `${row.functionName}: ≤ 300 KB zipped, import ≤ 150 ms`,
      figure: `${row.zipKiB} KiB, ${row.importMsMedian} ms`,
      met: row.zipKiB * 1024 <= 300 * 1000 && row.importMsMedian <= 150,
    });
  }
  const held = results.connections ?? [];
  for (const row of held) {
    checks.push({
      target: `≤ 20 KB RSS per idle connection (${row.connections} connections)`,
      figure: `${row.rssPerConnectionKiB} KiB`,
      met: row.rssPerConnectionKiB * 1024 <= 20 * 1000,
    });
  }
  // The cost of one more connection, without the fixed heap growth of a connect burst.
  const [fewer, more] = [held.at(0), held.at(-1)];
  if (fewer !== undefined && more !== undefined && more.connections > fewer.connections) {
    const growth = (row: ConnectionsRow): number => row.rssAfterMiB - row.rssBeforeMiB;
    const marginalKiB = round(
      ((growth(more) - growth(fewer)) * 1024) / (more.connections - fewer.connections),
      1,
    );
    checks.push({
      target: `≤ 20 KB RSS per extra idle connection (${fewer.connections} → ${more.connections})`,
      figure: `${marginalKiB} KiB`,
      met: marginalKiB * 1024 <= 20 * 1000,
    });
  }
  return checks;
}

/** The whole report as Markdown. */
export function renderMarkdown(info: RunInfo, results: BenchResults): string {
  const parts: string[] = [
    `Benchmark (${info.mode}), ${info.date}, commit ${info.commit}: ${info.machine.cpuModel}, ` +
      `${info.machine.cores} cores, ${info.machine.memoryGiB} GiB, Node ${info.machine.node}, ${info.machine.java}.`,
  ];
  if (results.readCost !== undefined) {
    parts.push(
      '### Read cost per message (finding the recipients)',
      markdownTable(
        ['k members', 'other items T', 'design', 'recipients', 'items read', 'RCU', 'requests'],
        results.readCost.map((row) => [
          row.k,
          row.otherItems,
          row.design,
          row.recipientsFound,
          row.itemsRead,
          row.readCapacityUnits,
          row.requests,
        ]),
      ),
    );
  }
  if (results.invocations !== undefined) {
    parts.push(
      '### Invocations per message',
      markdownTable(
        [
          'design',
          'k',
          'messages',
          'route',
          'stream',
          'invoked per recipient',
          'total',
          'records per batch',
        ],
        results.invocations.map((row) => [
          row.design,
          row.k,
          row.messages,
          row.route,
          row.stream,
          row.invoked,
          row.total,
          row.recordsPerBatch,
        ]),
      ),
    );
  }
  if (results.latency !== undefined) {
    const floorOf = (k: number): number | undefined =>
      results.latency?.find((row) => row.design === 'floor' && row.k === k)?.p99;
    parts.push(
      '### End-to-end latency, send → every recipient (ms)',
      markdownTable(
        [
          'design',
          'k',
          'poll',
          'sends/s',
          'deliveries',
          'lost',
          'dup',
          'p50',
          'p95',
          'p99',
          'max',
          'p99 over floor',
        ],
        results.latency.map((row) => {
          const floor = floorOf(row.k);
          return [
            row.design,
            row.k,
            row.pollIntervalMs ?? '–',
            row.rate,
            `${row.delivered}/${row.expected}`,
            row.lost,
            row.duplicated,
            row.p50,
            row.p95,
            row.p99,
            row.max,
            row.design === 'floor' || floor === undefined ? '–' : round(row.p99 - floor, 0),
          ];
        }),
      ),
    );
  }
  if (results.throughput !== undefined) {
    const t = results.throughput;
    parts.push(
      `### Sustained throughput, ${t.rooms} rooms × ${t.membersPerRoom} members: ${t.sustainedRate} messages/s`,
      markdownTable(
        [
          'sends/s asked',
          'achieved',
          'deliveries',
          'lost',
          'p50',
          'p99',
          'max',
          'server CPU %',
          'DynamoDB Local CPU %',
          'p99 < 1 s, none lost',
        ],
        t.steps.map((step) => [
          step.rate,
          step.achievedRate,
          `${step.delivered}/${step.expected}`,
          step.lost,
          step.p50,
          step.p99,
          step.max,
          step.cpuPercent.server ?? '–',
          step.cpuPercent.dynamoDb ?? '–',
          step.passed ? 'yes' : 'no',
        ]),
      ),
    );
  }
  if (results.coldStart !== undefined) {
    parts.push(
      '### Cold start and size per function',
      markdownTable(
        ['function', 'minified KiB', 'zipped KiB', 'import ms (median)', 'runs'],
        results.coldStart.map((row) => [
          row.functionName,
          row.bundleKiB,
          row.zipKiB,
          row.importMsMedian,
          row.importMsRuns.join(', '),
        ]),
      ),
    );
  }
  if (results.connections !== undefined) {
    parts.push(
      '### Idle connections held by the local stack',
      markdownTable(
        [
          'connections',
          'opened',
          'RSS before MiB',
          'RSS after MiB',
          'KiB per connection',
          'event-loop p99 ms',
          'max ms',
        ],
        results.connections.map((row) => [
          row.connections,
          row.opened,
          row.rssBeforeMiB,
          row.rssAfterMiB,
          row.rssPerConnectionKiB,
          row.eventLoopDelayP99Ms,
          row.eventLoopDelayMaxMs,
        ]),
      ),
    );
  }
  const failures = Object.entries(results.errors);
  if (failures.length > 0) {
    parts.push(
      '### Metrics that failed',
      markdownTable(
        ['metric', 'error'],
        failures.map(([metric, message]) => [metric, message]),
      ),
    );
  }
  const checks = checkTargets(results);
  if (checks.length > 0) {
    parts.push(
      '### Targets',
      markdownTable(
        ['target', 'this run', 'met'],
        checks.map((check) => [check.target, check.figure, check.met ? 'yes' : '**no**']),
      ),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
