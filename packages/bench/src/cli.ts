#!/usr/bin/env node
/**
 * `pnpm bench [--full] [--only metric,…] [--out DIR]`: runs the benchmarks on this machine,
 * prints a Markdown report and writes the figures as JSON under `packages/bench/results/`.
 */
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startDynamoDbLocal, type DynamoDbLocal } from '@chat/dynamodb-local';
import { freshDynamoDb } from './dynamodb-source.js';
import { plans } from './plans.js';
import { describeRun, writeResults } from './report.js';
import { METRICS, runBenchmarks, type Metric } from './run.js';
import { renderMarkdown } from './summary.js';

const HELP = `Usage: pnpm bench [options]

  --full            the full run (about 30 minutes); default is the quick run (under 5)
  --smoke           the smallest case of every metric (seconds)
  --only LIST       comma-separated metrics: ${METRICS.join(', ')}
  --out DIR         where the JSON goes (default packages/bench/results)
  --help            this text`;

const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    smoke: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const only = values.only?.split(',').map((metric) => metric.trim()) ?? [...METRICS];
const unknown = only.filter((metric) => !(METRICS as readonly string[]).includes(metric));
if (unknown.length > 0) {
  console.error(`Unknown metric(s): ${unknown.join(', ')}\n\n${HELP}`);
  process.exit(2);
}
const plan = values.smoke ? plans.smoke : values.full ? plans.full : plans.quick;
const out = values.out ?? fileURLToPath(new URL('../results/', import.meta.url));
const info = describeRun(plan.mode);

// A DynamoDB Local per case (see dynamodb-source.ts), with full JIT and a larger heap than
// the test default: the benchmarks want steady-state speed.
// Each is kept for Ctrl-C; stopping one twice is harmless.
const jvms = new Set<DynamoDbLocal>();
const dynamoDb = freshDynamoDb(async () => {
  const instance = await startDynamoDbLocal({ port: 0, jvmOptions: ['-Xms256m', '-Xmx1g'] });
  jvms.add(instance);
  return instance;
});
const stopAll = async (): Promise<void> => {
  await Promise.all([...jvms].map((instance) => instance.stop()));
};
const interrupt = (): void => {
  void stopAll().finally(() => process.exit(130));
};
process.once('SIGINT', interrupt);
process.once('SIGTERM', interrupt);
try {
  const started = Date.now();
  const results = await runBenchmarks(plan, {
    dynamoDb,
    only: only as Metric[],
    log: (line) => {
      console.error(`[${Math.round((Date.now() - started) / 1000)}s] ${line}`);
    },
  });
  const markdown = renderMarkdown(info, results);
  console.log(markdown);
  const file = writeResults(
    out,
    { ...info, mode: plan.mode === 'full' ? 'full' : 'quick' },
    { plan, ...results },
  );
  console.error(`Figures written to ${file}`);
} finally {
  await stopAll();
}
