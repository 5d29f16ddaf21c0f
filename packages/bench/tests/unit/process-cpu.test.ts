import { describe, expect, it } from 'vitest';
import { processCpuSeconds } from '../../src/index.js';

describe.runIf(process.platform === 'linux')('processCpuSeconds', () => {
  it('reads a live process and grows while it computes', () => {
    const before = processCpuSeconds(process.pid);
    const until = performance.now() + 200;
    let spin = 0;
    while (performance.now() < until) spin += 1;
    const after = processCpuSeconds(process.pid);
    expect(spin).toBeGreaterThan(0);
    expect(before).toEqual(expect.any(Number));
    expect((after ?? 0) - (before ?? 0)).toBeGreaterThanOrEqual(0.1);
  });

  it('is undefined for a process that does not exist', () => {
    expect(processCpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });
});
