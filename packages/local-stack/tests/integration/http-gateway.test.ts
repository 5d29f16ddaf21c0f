import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpApiEvent, LocalStack } from '../../src/index.js';
import { httpFixtureApp } from '../fixtures/apps.js';
import { startTestStack } from '../helpers/stack.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ apps: [httpFixtureApp] });
});

afterAll(async () => {
  await stack.stop();
});

async function eventFor(path: string, init: RequestInit = {}): Promise<HttpApiEvent> {
  const response = await fetch(`${stack.endpoints.http}${path}`, init);
  expect(response.status).toBe(200);
  return (await response.json()) as HttpApiEvent;
}

const SIGV4 =
  'AWS4-HMAC-SHA256 Credential=AKIDLOCALEXAMPLE/20260101/us-east-1/execute-api/aws4_request, ' +
  'SignedHeaders=host;x-amz-date, Signature=0123456789abcdef';

describe('payload format 2.0 events', () => {
  it('describes a GET with query string, cookies and path parameters', async () => {
    // Prepare
    const before = Date.now();

    // Act
    const event = await eventFor('/rooms/room-7/messages?limit=10&tag=a&tag=b&q=a%20b', {
      headers: {
        'User-Agent': 'http-test/1.0',
        'X-Mixed-Case': 'Value',
        Cookie: 'session=abc; theme=dark',
      },
    });

    // Assess
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /rooms/{roomId}/messages',
      rawPath: '/rooms/room-7/messages',
      rawQueryString: 'limit=10&tag=a&tag=b&q=a%20b',
      cookies: ['session=abc', 'theme=dark'],
      queryStringParameters: { limit: '10', tag: 'a,b', q: 'a b' },
      pathParameters: { roomId: 'room-7' },
      isBase64Encoded: false,
    });
    expect(event.headers['x-mixed-case']).toBe('Value');
    expect(event.headers['user-agent']).toBe('http-test/1.0');
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event).not.toHaveProperty('body');
    const context = event.requestContext;
    expect(context).toMatchObject({
      accountId: '123456789012',
      domainName: new URL(stack.endpoints.http).host,
      domainPrefix: '127',
      http: {
        method: 'GET',
        path: '/rooms/room-7/messages',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'http-test/1.0',
      },
      routeKey: 'GET /rooms/{roomId}/messages',
      stage: '$default',
    });
    expect(context).not.toHaveProperty('authorizer');
    expect(context.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(context.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(context.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(context.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
  });

  it('leaves out query parameters, cookies and body when the request has none', async () => {
    // Act
    const event = await eventFor('/rooms/r/messages');

    // Assess
    expect(event.rawQueryString).toBe('');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('cookies');
    expect(event).not.toHaveProperty('body');
  });

  it('passes a JSON body as text and a binary body base64-encoded', async () => {
    // Act
    const json = await eventFor('/rooms/r/messages', {
      method: 'POST',
      headers: { authorization: SIGV4, 'content-type': 'application/json' },
      body: '{"text":"h\u00e9"}',
    });
    const binary = await eventFor('/rooms/r/messages', {
      method: 'POST',
      headers: { authorization: SIGV4, 'content-type': 'application/octet-stream' },
      body: new Uint8Array([0, 255, 1]),
    });

    // Assess
    expect(json).toMatchObject({ body: '{"text":"h\u00e9"}', isBase64Encoded: false });
    expect(binary).toMatchObject({ body: 'AP8B', isBase64Encoded: true });
  });

  it('prefers a literal route over a parameter and matches greedy paths', async () => {
    // Act
    const literal = await eventFor('/rooms/lobby/messages');
    const greedy = await eventFor('/files/a/b%20c/d.txt');

    // Assess
    expect(literal.routeKey).toBe('GET /rooms/lobby/messages');
    expect(literal).not.toHaveProperty('pathParameters');
    expect(greedy.routeKey).toBe('GET /files/{path+}');
    expect(greedy.pathParameters).toEqual({ path: 'a/b c/d.txt' });
  });
});

describe('IAM-authorised routes', () => {
  it('refuses a request without a SigV4 signature with 403 and never invokes the handler', async () => {
    // Prepare
    const before = stack.stats.byRoute['POST /rooms/{roomId}/messages']?.invocations ?? 0;

    // Act
    const response = await fetch(`${stack.endpoints.http}/rooms/r/messages`, {
      method: 'POST',
      body: '{}',
    });

    // Assess
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    expect(stack.stats.byRoute['POST /rooms/{roomId}/messages']?.invocations ?? 0).toBe(before);
  });

  it('passes the caller as requestContext.authorizer.iam', async () => {
    // Act
    const event = await eventFor('/rooms/r/messages', {
      method: 'POST',
      headers: { authorization: SIGV4, 'content-type': 'application/json' },
      body: '{}',
    });

    // Assess
    const iam = event.requestContext.authorizer?.iam;
    expect(iam).toMatchObject({
      accessKey: 'AKIDLOCALEXAMPLE',
      accountId: '123456789012',
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: 'arn:aws:iam::123456789012:user/AKIDLOCALEXAMPLE',
    });
    expect(iam?.callerId).toMatch(/^AIDA[A-Z0-9]{17}$/);
    expect(iam?.userId).toBe(iam?.callerId);
  });
});

describe('responses', () => {
  it('answers 404 Not Found when no route matches the path or the method', async () => {
    // Act
    const unknownPath = await fetch(`${stack.endpoints.http}/nowhere`);
    const wrongMethod = await fetch(`${stack.endpoints.http}/fail`, { method: 'DELETE' });

    // Assess
    expect(unknownPath.status).toBe(404);
    expect(await unknownPath.json()).toEqual({ message: 'Not Found' });
    expect(wrongMethod.status).toBe(404);
  });

  it('answers 500 Internal Server Error when the handler throws', async () => {
    // Act
    const response = await fetch(`${stack.endpoints.http}/fail`);

    // Assess
    expect(response.status).toBe(500);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('turns a string or an object without statusCode into a 200 JSON response', async () => {
    // Act
    const text = await fetch(`${stack.endpoints.http}/plain-string`);
    const object = await fetch(`${stack.endpoints.http}/plain-object`);

    // Assess
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('application/json');
    expect(await text.text()).toBe('just a string');
    expect(object.status).toBe(200);
    expect(await object.json()).toEqual({ hello: 'world' });
  });

  it('sends a structured result with its status, headers, cookies and decoded base64 body', async () => {
    // Act
    const response = await fetch(`${stack.endpoints.http}/structured`);

    // Assess
    expect(response.status).toBe(201);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(response.headers.get('apigw-requestid')).toMatch(/=$/);
    expect(await response.text()).toBe('binary \u00e9t\u00e9');
  });
});

describe('CORS', () => {
  it('answers a preflight itself and adds the allowed origin to responses', async () => {
    // Act
    const preflight = await fetch(`${stack.endpoints.http}/rooms/r/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    const actual = await fetch(`${stack.endpoints.http}/rooms/r/messages`, {
      headers: { origin: 'http://localhost:5173' },
    });

    // Assess
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe(
      'authorization,content-type',
    );
    expect(stack.stats.byRoute['OPTIONS /rooms/{roomId}/messages']).toBeUndefined();
    expect(actual.headers.get('access-control-allow-origin')).toBe('*');
  });
});
