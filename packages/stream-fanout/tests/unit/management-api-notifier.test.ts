import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createManagementApiClient,
  ManagementApiNotifier,
} from '../../src/management-api-notifier.js';
import {
  GONE,
  INTERNAL,
  ManagementApiServer,
  OK,
  THROTTLED,
  TOO_LARGE,
  type Answer,
} from '../helpers/management-api-server.js';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let server: ManagementApiServer;

beforeAll(async () => {
  server = await ManagementApiServer.start();
});

afterEach(() => {
  server.reset();
});

afterAll(async () => {
  await server.close();
});

function notifier(
  options: { requestTimeoutMs?: number; maxSockets?: number; throttleRetries?: number } = {},
): ManagementApiNotifier {
  const client = createManagementApiClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    credentials,
    requestTimeoutMs: options.requestTimeoutMs ?? 2000,
    maxSockets: options.maxSockets ?? 8,
  });
  return new ManagementApiNotifier({
    client,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    ...(options.throttleRetries === undefined ? {} : { throttleRetries: options.throttleRetries }),
  });
}

describe('ManagementApiNotifier', () => {
  it('posts the data to @connections/{id} and reports 200 as delivered', async () => {
    const data = JSON.stringify({ type: 'message.created', text: 'héllo' });

    const result = await notifier().post('L0SM9cOFvHcCIhw=', data);

    expect(result).toEqual({ status: 'delivered', attempts: 1 });
    expect(server.posts).toEqual([
      expect.objectContaining({ connectionId: 'L0SM9cOFvHcCIhw=', data }),
    ]);
  });

  it('reports 410 with x-amzn-ErrorType GoneException as gone, without retrying', async () => {
    server.answer = () => GONE;

    const result = await notifier().post('stale', '{}');

    expect(result).toEqual({ status: 'gone', attempts: 1 });
    expect(server.posts).toHaveLength(1);
  });

  it('recognises gone by the HTTP status alone when the error type is absent', async () => {
    server.answer = () => ({ status: 410 });

    expect(await notifier().post('stale', '{}')).toEqual({ status: 'gone', attempts: 1 });
  });

  it('recognises GoneException by name when the error type carries a namespace suffix', async () => {
    server.answer = () => ({
      status: 410,
      errorType: 'GoneException:http://internal.amazon.com/coral/com.amazonaws.gatewayconnections/',
    });

    expect(await notifier().post('stale', '{}')).toEqual({ status: 'gone', attempts: 1 });
  });

  it('retries 429 LimitExceededException with backoff and delivers when the gateway recovers', async () => {
    server.answer = (post) => (post.attempt <= 2 ? THROTTLED : OK);

    const result = await notifier().post('busy', '{"n":1}');

    expect(result).toEqual({ status: 'delivered', attempts: 3 });
    expect(server.posts.map((post) => post.data)).toEqual(['{"n":1}', '{"n":1}', '{"n":1}']);
  });

  it('gives up on throttling after the configured retries and reports failed', async () => {
    server.answer = () => THROTTLED;
    const started = Date.now();

    const result = await notifier({ throttleRetries: 3 }).post('busy', '{}');

    expect(result).toMatchObject({ status: 'failed', attempts: 4 });
    expect(result.status === 'failed' && result.reason).toContain('LimitExceededException');
    expect(server.posts).toHaveLength(4);
    // Backoffs are bounded: 5 + 10 + 20 ms at most, plus the requests (slack for a busy CI).
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('reports 413 PayloadTooLargeException as too-large, without retrying', async () => {
    server.answer = () => TOO_LARGE;

    const result = await notifier().post('c1', '{}');

    expect(result).toMatchObject({ status: 'too-large', attempts: 1 });
    expect(server.posts).toHaveLength(1);
  });

  it('refuses data over 128 KB as too-large without a request', async () => {
    const result = await notifier().post('c1', 'x'.repeat(128 * 1024 + 1));

    expect(result).toMatchObject({ status: 'too-large', attempts: 0 });
    expect(server.posts).toHaveLength(0);
  });

  it.each<[string, Answer]>([
    ['a 500 with an error type', INTERNAL],
    ['a 502 without one', { status: 502 }],
    ['a 403 ForbiddenException', { status: 403, errorType: 'ForbiddenException' }],
  ])(
    'reports %s as failed after exactly one request (SDK retries are off)',
    async (_name, answer) => {
      server.answer = () => answer;

      const result = await notifier().post('c1', '{}');

      expect(result).toMatchObject({ status: 'failed', attempts: 1 });
      expect(server.posts).toHaveLength(1);
    },
  );

  it('fails a post whose answer is slower than the request timeout, in about that time', async () => {
    server.answer = () => ({ ...OK, delayMs: 5000 });
    const started = Date.now();

    const result = await notifier({ requestTimeoutMs: 200 }).post('slow', '{}');

    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.status === 'failed' && result.reason).toContain('TimeoutError');
    expect(Date.now() - started).toBeLessThan(4000);
    expect(server.posts).toHaveLength(1);
  });

  it('reuses keep-alive sockets across posts', async () => {
    const subject = notifier();
    const socketsBefore = server.socketCount;

    for (let i = 0; i < 20; i += 1) {
      expect(await subject.post(`c${i}`, '{}')).toMatchObject({ status: 'delivered' });
    }

    expect(server.socketCount - socketsBefore).toBe(1);
  });

  it('opens at most maxSockets sockets however many posts run at once', async () => {
    const subject = notifier({ maxSockets: 4 });
    server.answer = () => ({ ...OK, delayMs: 30 });
    const socketsBefore = server.socketCount;

    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => subject.post(`c${i}`, '{}')),
    );

    expect(results.every((result) => result.status === 'delivered')).toBe(true);
    expect(server.socketCount - socketsBefore).toBe(4);
    expect(server.maxActive).toBe(4);
  });
});
