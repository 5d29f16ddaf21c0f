import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  EventQueue,
  loadMessageText,
  parseLoadMessageText,
  SeenIds,
  summarizeLatencies,
} from '../../src/index.js';

describe('backoffDelay', () => {
  it('grows the ceiling exponentially up to the maximum, with full jitter below it', () => {
    // Prepare
    const options = { baseDelayMs: 100, maxDelayMs: 1000 };
    const almostOne = () => 0.999_999;

    // Act
    const ceilings = [0, 1, 2, 3, 4, 10].map((attempt) =>
      backoffDelay(attempt, options, almostOne),
    );
    const floors = [0, 5].map((attempt) => backoffDelay(attempt, options, () => 0));

    // Assess
    expect(ceilings).toEqual([99, 199, 399, 799, 999, 999]);
    expect(floors).toEqual([0, 0]);
  });
});

describe('SeenIds', () => {
  it('reports repeats and evicts the least recently seen key beyond its capacity', () => {
    // Prepare
    const seen = new SeenIds(3);

    // Act
    const firsts = ['a', 'b', 'c'].map((key) => seen.add(key));
    const repeat = seen.add('a');
    seen.add('d');

    // Assess
    expect(firsts).toEqual([true, true, true]);
    expect(repeat).toBe(false);
    expect(seen.size).toBe(3);
    expect(seen.has('b')).toBe(false);
    expect(seen.has('a')).toBe(true);
    expect(() => new SeenIds(0)).toThrow(RangeError);
  });
});

describe('EventQueue', () => {
  it('hands values to waiting readers, buffers the rest and drains them after end()', async () => {
    // Prepare
    const queue = new EventQueue<number>();
    const waiting = queue.next();

    // Act
    queue.push(1);
    queue.push(2);
    queue.push(3);
    queue.end();
    queue.push(4);
    const rest: number[] = [];
    for await (const value of queue) rest.push(value);

    // Assess
    expect(await waiting).toEqual({ value: 1, done: false });
    expect(rest).toEqual([2, 3]);
  });

  it('runs its return hook once when the reader breaks early', async () => {
    // Prepare
    let returned = 0;
    const queue = new EventQueue<number>(() => {
      returned += 1;
    });
    queue.push(1);
    queue.push(2);

    // Act
    for await (const value of queue) if (value === 1) break;
    queue.end();

    // Assess
    expect(returned).toBe(1);
    expect(await queue.next()).toEqual({ value: undefined, done: true });
  });
});

describe('load message text', () => {
  it('carries run, sender, sequence and send time, padded to the asked size', () => {
    // Prepare
    const sentAt = 1_735_725_600_123.456;

    // Act
    const text = loadMessageText('run1', 7, 42, sentAt, 100);
    const parsed = parseLoadMessageText(text, 'run1');

    // Assess
    expect(text).toHaveLength(100);
    expect(text.startsWith('load:run1:7:42:1735725600123.456 ~')).toBe(true);
    expect(parsed).toEqual({ sender: 7, seq: 42, sentAt });
    expect(parseLoadMessageText(text, 'run2')).toBeUndefined();
    expect(parseLoadMessageText('hello', 'run1')).toBeUndefined();
  });
});

describe('summarizeLatencies', () => {
  it('gives nearest-rank percentiles, max and mean', () => {
    // Prepare
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);

    // Act
    const summary = summarizeLatencies(samples);

    // Assess
    expect(summary).toEqual({ samples: 100, p50: 50, p95: 95, p99: 99, max: 100, mean: 50.5 });
    expect(summarizeLatencies([])).toMatchObject({ samples: 0, p99: 0 });
  });
});
