import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatLoadReport, runLoad, type LoadReport } from '../../src/index.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.js';
import { runBin } from '../helpers/spawn.js';

describe('runLoad', () => {
  let server: FakeServer;

  beforeEach(async () => {
    server = await startFakeServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('counts every send, ack and delivery of the measured window, not the warm-up', async () => {
    // Prepare
    const phases: string[] = [];

    // Act
    const report = await runLoad({
      url: server.url,
      clients: 6,
      rooms: 2,
      rate: 40,
      durationMs: 1000,
      warmupMs: 250,
      drainMs: 2000,
      connectBatchSize: 4,
      onProgress: (progress) => phases.push(progress.phase),
    });

    // Assess
    expect(phases).toEqual(['connecting', 'warmup', 'measuring', 'draining', 'closing', 'done']);
    expect(report).toMatchObject({
      connected: 6,
      sent: 40,
      acked: 40,
      expectedDeliveries: 120,
      delivered: 120,
      lost: 0,
      duplicated: 0,
      errors: {},
    });
    expect(report.latencyMs.samples).toBe(120);
    expect(report.ackLatencyMs.samples).toBe(40);
    for (const summary of [report.latencyMs, report.ackLatencyMs]) {
      expect(summary.p50).toBeLessThanOrEqual(summary.p95);
      expect(summary.p95).toBeLessThanOrEqual(summary.p99);
      expect(summary.p99).toBeLessThanOrEqual(summary.max);
      expect(summary.p50).toBeGreaterThanOrEqual(0);
    }
    expect(report.achievedRate).toBeGreaterThan(30);
    expect(server.messages(`load-${report.runId}-0`).length).toBe(25);
    expect(server.messages(`load-${report.runId}-1`).length).toBe(25);
    expect(server.connections()).toEqual([]);
  });

  it('reports lost and duplicated deliveries the server caused', async () => {
    // Prepare
    server.duplicateBroadcasts = true;
    server.loseEveryNthDelivery = 10;

    // Act
    const report = await runLoad({
      url: server.url,
      clients: 4,
      rooms: 1,
      rate: 50,
      durationMs: 400,
      drainMs: 300,
    });

    // Assess
    expect(report.sent).toBe(20);
    expect(report.expectedDeliveries).toBe(80);
    expect(report.lost).toBe(8);
    expect(report.delivered).toBe(72);
    expect(report.duplicated).toBe(72);
    expect(report.latencyMs.samples).toBe(72);
  });

  it('counts failed sends and connections by error code', async () => {
    // Prepare
    server.silentActions.add('sendMessage');

    // Act
    const report = await runLoad({
      url: server.url,
      clients: 2,
      rooms: 1,
      rate: 20,
      durationMs: 200,
      drainMs: 1000,
      clientOptions: { requestTimeoutMs: 200 },
    });

    // Assess
    expect(report.sent).toBe(4);
    expect(report.acked).toBe(0);
    expect(report.errors).toEqual({ REQUEST_TIMEOUT: 4 });
    expect(report.expectedDeliveries).toBe(0);
  });
});

describe('chat-load', () => {
  let server: FakeServer;

  beforeEach(async () => {
    server = await startFakeServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('prints the report as JSON on stdout with --json', async () => {
    // Act
    const result = await runBin('load-cli', [
      '--url',
      server.url,
      '--clients',
      '4',
      '--rooms',
      '2',
      '--rate',
      '20',
      '--duration',
      '0.5',
      '--json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as LoadReport;
    expect(report).toMatchObject({ sent: 10, acked: 10, delivered: 20, lost: 0, duplicated: 0 });
    expect(result.stderr).toContain('chat-load: measuring');
  });

  it('prints a readable report by default', async () => {
    // Prepare
    const report = await runLoad({
      url: server.url,
      clients: 2,
      rooms: 1,
      rate: 10,
      durationMs: 200,
    });

    // Act
    const text = formatLoadReport(report);

    // Assess
    expect(text).toContain('2 clients in 1 rooms, 10 msg/s for 0.2 s');
    expect(text).toMatch(/^sent +2 \(/mu);
    expect(text).toMatch(/^deliveries +4 of 4 expected, lost 0, duplicated 0$/mu);
    expect(text).toMatch(
      /^latency ms +p50 [\d.]+ +p95 [\d.]+ +p99 [\d.]+ +max [\d.]+ +\(4 samples\)$/mu,
    );
    expect(text).toMatch(/^errors +none$/mu);
  });
});
