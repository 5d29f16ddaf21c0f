/**
 * Runs the smallest case of every benchmark metric and checks the shape of what comes out:
 * every table, both baselines beside ours, the targets, and the JSON file. Timings are not
 * asserted; `pnpm bench` is where figures are read.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type {} from '@chat/dynamodb-local/testing';
import {
  describeRun,
  plans,
  renderMarkdown,
  runBenchmarks,
  sharedDynamoDb,
  writeResults,
  type BenchResults,
} from '../../src/index.js';

let results: BenchResults;
let outDir: string;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'chat-bench-smoke-'));
  results = await runBenchmarks(plans.smoke, {
    dynamoDb: sharedDynamoDb(inject('dynamodbEndpoint')),
  });
}, 300_000);

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('the benchmark smoke run', () => {
  it('completes every metric without an error', () => {
    expect(results.errors).toEqual({});
  });

  it('measures read cost for ours and the seed, and ours finds exactly the room', () => {
    const rows = results.readCost ?? [];
    expect(rows.map((row) => row.design).sort()).toEqual(['ours', 'seed']);
    for (const row of rows) expect(row.recipientsFound).toBe(row.k);
    const ours = rows.find((row) => row.design === 'ours');
    const seed = rows.find((row) => row.design === 'seed');
    expect(ours?.itemsRead).toBe(ours?.k);
    expect(seed?.itemsRead).toBe((seed?.k ?? 0) + (seed?.otherItems ?? 0));
  });

  it('counts one route and at most one fan-out invocation per message for ours, k per message for the seed', () => {
    const ours = results.invocations?.find((row) => row.design === 'ours');
    const seed = results.invocations?.find((row) => row.design === 'seed');
    expect(ours?.route).toBe(1);
    expect(ours?.total).toBeLessThanOrEqual(2);
    expect(seed?.invoked).toBeGreaterThanOrEqual(seed?.k ?? Infinity);
  });

  it('measures latency for the floor, ours and the seed with every delivery accounted for', () => {
    const rows = results.latency ?? [];
    expect(rows.map((row) => row.design)).toEqual(['floor', 'ours', 'seed']);
    for (const row of rows) {
      expect(row.sent).toBeGreaterThan(0);
      expect(row.delivered + row.lost).toBe(row.expected);
      expect(row.p99).toBeGreaterThanOrEqual(row.p50);
    }
  });

  it('reports a throughput ramp', () => {
    expect(results.throughput?.steps.length).toBeGreaterThan(0);
    expect(results.throughput?.steps[0]).toMatchObject({ rate: plans.smoke.throughput.rates[0] });
    // The shared DynamoDB Local is not the server's own, so only the server's CPU is known.
    const cpu = results.throughput?.steps[0]?.cpuPercent;
    expect(typeof cpu?.server).toBe(process.platform === 'linux' ? 'number' : 'undefined');
    expect(cpu?.dynamoDb).toBeUndefined();
  });

  it('bundles and imports every function', () => {
    const names = (results.coldStart ?? []).map((row) => row.functionName).sort();
    expect(names).toEqual([
      'connection-http',
      'connection-websocket',
      'message-http',
      'message-websocket',
      'stream-fanout',
    ]);
    for (const row of results.coldStart ?? []) {
      expect(row.zipKiB).toBeGreaterThan(0);
      expect(row.zipKiB).toBeLessThan(row.bundleKiB);
      expect(row.importMsMedian).toBeGreaterThan(0);
    }
  });

  it('holds idle connections and samples the server', () => {
    const row = results.connections?.[0];
    expect(row?.opened).toBe(plans.smoke.connections.counts[0]);
    expect(row?.rssAfterMiB).toBeGreaterThan(0);
  });

  it('renders every table and the targets, and writes the figures as JSON', () => {
    const info = describeRun('smoke');
    const markdown = renderMarkdown(info, results);
    for (const heading of [
      'Read cost per message',
      'Invocations per message',
      'End-to-end latency',
      'Sustained throughput',
      'Cold start and size per function',
      'Idle connections',
      'Targets',
    ]) {
      expect(markdown).toContain(heading);
    }
    const file = writeResults(outDir, info, results);
    const written = JSON.parse(readFileSync(file, 'utf8')) as {
      machine: { cores: number };
      results: BenchResults;
    };
    expect(written.machine.cores).toBeGreaterThan(0);
    expect(written.results.latency).toHaveLength(3);
  });
});
