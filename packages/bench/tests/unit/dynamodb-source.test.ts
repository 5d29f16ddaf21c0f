import { describe, expect, it } from 'vitest';
import { freshDynamoDb, sharedDynamoDb } from '../../src/index.js';

describe('DynamoDB sources', () => {
  it('shared: every lease is the same endpoint and releasing it stops nothing', async () => {
    const source = sharedDynamoDb('http://127.0.0.1:8000');
    const [first, second] = await Promise.all([source(), source()]);
    expect(first).toMatchObject({ endpoint: 'http://127.0.0.1:8000', pid: undefined });
    expect(second.endpoint).toBe(first.endpoint);
    await expect(first.release()).resolves.toBeUndefined();
  });

  it('fresh: every lease starts its own and releasing it stops that one', async () => {
    const stopped: number[] = [];
    let next = 0;
    const source = freshDynamoDb(() => {
      next += 1;
      const pid = next;
      return Promise.resolve({
        endpoint: `http://127.0.0.1:${String(9000 + pid)}`,
        pid,
        stop: () => {
          stopped.push(pid);
          return Promise.resolve();
        },
      });
    });
    const first = await source();
    const second = await source();
    expect([first.pid, second.pid]).toEqual([1, 2]);
    expect(second.endpoint).not.toBe(first.endpoint);
    await second.release();
    expect(stopped).toEqual([2]);
  });
});
