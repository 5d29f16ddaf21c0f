import { describe, expect, it } from 'vitest';
import { HttpRouter, type HttpRoute } from '../../src/http-routes.js';

const route = (method: string, path: string): HttpRoute => ({
  method,
  path,
  routeKey: `${method} ${path}`,
  functionName: 'fn',
  authorization: 'none',
});

const router = new HttpRouter([
  route('GET', '/rooms/{roomId}/messages'),
  route('GET', '/rooms/lobby/messages'),
  route('GET', '/files/{proxy+}'),
  route('POST', '/rooms/{roomId}/messages'),
]);

describe('HttpRouter', () => {
  it('matches parameters and decodes them', () => {
    expect(router.match('GET', '/rooms/a%2Fb/messages')).toMatchObject({
      route: { routeKey: 'GET /rooms/{roomId}/messages' },
      pathParameters: { roomId: 'a/b' },
    });
  });

  it('prefers the most specific route', () => {
    expect(router.match('GET', '/rooms/lobby/messages')?.route.routeKey).toBe(
      'GET /rooms/lobby/messages',
    );
  });

  it('matches greedy parameters over several segments but not an empty rest', () => {
    expect(router.match('GET', '/files/a/b/c')?.pathParameters).toEqual({ proxy: 'a/b/c' });
    expect(router.match('GET', '/files/')).toBeUndefined();
  });

  it('matches neither another method, nor extra or missing segments', () => {
    expect(router.match('DELETE', '/rooms/x/messages')).toBeUndefined();
    expect(router.match('GET', '/rooms/x/messages/extra')).toBeUndefined();
    expect(router.match('GET', '/rooms//messages')).toBeUndefined();
    expect(router.match('GET', '/rooms/x/messages/')).toBeUndefined();
  });
});
