import { describe, expect, it } from 'vitest';
import { checkTargets, type ConnectionsRow } from '../../src/index.js';

const held = (connections: number, rssBeforeMiB: number, rssAfterMiB: number): ConnectionsRow => ({
  connections,
  opened: connections,
  rssBeforeMiB,
  rssAfterMiB,
  rssPerConnectionKiB: ((rssAfterMiB - rssBeforeMiB) * 1024) / connections,
  eventLoopDelayP99Ms: 5,
  eventLoopDelayMaxMs: 8,
  connectMs: 100,
});

describe('the connections-held targets', () => {
  it('add the cost of one more connection, without the fixed growth of the connect burst', () => {
    // 1 000 connections grew RSS by 37.8 MiB, 10 000 by 175.1 MiB: 137.3 MiB for 9 000 more.
    const checks = checkTargets({
      connections: [held(1000, 87.6, 125.4), held(10_000, 90.2, 265.3)],
      durations: {},
      errors: {},
    });
    expect(checks.at(-1)).toEqual({
      target: '≤ 20 KB RSS per extra idle connection (1000 → 10000)',
      figure: '15.6 KiB',
      met: true,
    });
  });

  it('has no marginal figure from a single count', () => {
    const checks = checkTargets({ connections: [held(20, 80, 81)], durations: {}, errors: {} });
    expect(checks.map((check) => check.target)).toEqual([
      '≤ 20 KB RSS per idle connection (20 connections)',
    ]);
  });
});
