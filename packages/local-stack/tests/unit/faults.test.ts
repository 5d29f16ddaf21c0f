import { describe, expect, it } from 'vitest';
import { ConfigurationError, FaultInjector } from '../../src/index.js';

function draws(injector: FaultInjector, count: number) {
  return Array.from({ length: count }, () => ({
    drop: injector.dropDisconnect(),
    post: injector.postFault(),
    duplicate: injector.duplicateBatch(),
  }));
}

describe('FaultInjector', () => {
  it('injects nothing by default', () => {
    const injector = new FaultInjector();
    expect(injector.active).toBe(false);
    expect(draws(injector, 100).every((d) => !d.drop && d.post === undefined && !d.duplicate)).toBe(
      true,
    );
  });

  it('repeats the same draws for the same seed', () => {
    const options = {
      dropDisconnectShare: 0.5,
      postGoneShare: 0.3,
      postThrottleShare: 0.2,
      duplicateBatchShare: 0.5,
      seed: 42,
    };
    expect(draws(new FaultInjector(options), 50)).toEqual(draws(new FaultInjector(options), 50));
  });

  it('fails about the configured share of operations', () => {
    const injector = new FaultInjector({ dropDisconnectShare: 0.25, seed: 1 });
    const dropped = Array.from({ length: 4000 }, () => injector.dropDisconnect()).filter(Boolean);
    expect(dropped.length).toBeGreaterThan(800);
    expect(dropped.length).toBeLessThan(1200);
  });

  it('always fails at share 1', () => {
    const injector = new FaultInjector({ postGoneShare: 1, duplicateBatchShare: 1 });
    expect(draws(injector, 20).every((d) => d.post === 'gone' && d.duplicate)).toBe(true);
  });

  it('rejects shares outside 0 to 1', () => {
    expect(() => new FaultInjector({ postGoneShare: 1.5 })).toThrow(ConfigurationError);
    expect(() => new FaultInjector({ postGoneShare: 0.6, postThrottleShare: 0.6 })).toThrow(
      ConfigurationError,
    );
  });
});
