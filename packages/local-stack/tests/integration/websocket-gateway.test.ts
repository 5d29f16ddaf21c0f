import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { LocalStack, WebSocketEvent } from '../../src/index.js';
import { websocketFixtureApp } from '../fixtures/apps.js';
import { recorded } from '../fixtures/recorder.js';
import { startTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { handshakeStatus, TestSocket } from '../helpers/ws-client.js';

interface Inspection {
  event: WebSocketEvent;
  context: Record<string, unknown>;
  env: Record<string, string | undefined>;
}

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({ apps: [websocketFixtureApp], region: 'eu-west-1' });
});

afterAll(async () => {
  await stack.stop();
});

/** Opens a client and learns its connection id through the `inspect` route. */
async function connect(query = ''): Promise<{ client: TestSocket; connectionId: string }> {
  const client = await TestSocket.open(`${stack.endpoints.websocket}${query}`, undefined, {
    headers: { 'User-Agent': 'gateway-test/1.0', 'X-Custom': 'custom-value' },
  });
  const inspection = await client.request<Inspection>({ action: 'inspect' });
  return { client, connectionId: inspection.event.requestContext.connectionId };
}

function eventsOf(connectionId: string): WebSocketEvent[] {
  return recorded<WebSocketEvent>(`ws:${connectionId}`);
}

async function disconnectEventOf(connectionId: string): Promise<WebSocketEvent> {
  return waitFor('the $disconnect event', () =>
    eventsOf(connectionId).find((event) => event.requestContext.routeKey === '$disconnect'),
  );
}

describe('$connect', () => {
  it('passes the handshake headers, query string and an API Gateway request context', async () => {
    // Prepare
    const before = Date.now();

    // Act
    const { client, connectionId } = await connect('?room=lobby&tag=a&tag=b');

    // Assess
    const [connectEvent] = eventsOf(connectionId);
    expect(connectEvent).toBeDefined();
    const event = connectEvent!;
    expect(connectionId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(event.isBase64Encoded).toBe(false);
    expect(event.body).toBeUndefined();
    expect(event.headers).toMatchObject({
      'User-Agent': 'gateway-test/1.0',
      'X-Custom': 'custom-value',
      'Sec-WebSocket-Version': '13',
      'X-Forwarded-For': '127.0.0.1',
      'X-Forwarded-Proto': 'http',
    });
    expect(event.headers?.['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event.headers).not.toHaveProperty('Upgrade');
    expect(event.multiValueHeaders?.['X-Custom']).toEqual(['custom-value']);
    expect(event.queryStringParameters).toEqual({ room: 'lobby', tag: 'b' });
    expect(event.multiValueQueryStringParameters).toEqual({ room: ['lobby'], tag: ['a', 'b'] });
    const context = event.requestContext;
    expect(context).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      stage: 'local',
      connectionId,
      identity: { sourceIp: '127.0.0.1', userAgent: 'gateway-test/1.0' },
    });
    expect(context).not.toHaveProperty('messageId');
    expect(context.requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(context.extendedRequestId).toBe(context.requestId);
    expect(context.apiId).toMatch(/^[a-z0-9]{10}$/);
    expect(context.domainName).toBe(new URL(stack.endpoints.connections).host);
    expect(context.connectedAt).toBeGreaterThanOrEqual(before);
    expect(context.requestTimeEpoch).toBeGreaterThanOrEqual(context.connectedAt);
    expect(context.requestTime).toMatch(
      /^\d{2}\/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/,
    );
    await client.close();
  });

  it('leaves the query string parameters out when the URL has none', async () => {
    // Act
    const { client, connectionId } = await connect();

    // Assess
    const [event] = eventsOf(connectionId);
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('multiValueQueryStringParameters');
    await client.close();
  });

  it('rejects the handshake with the status $connect returns', async () => {
    // Act
    const status = await handshakeStatus(`${stack.endpoints.websocket}?reject=401`);

    // Assess
    expect(status).toBe(401);
  });

  it('rejects the handshake with 500 when $connect throws', async () => {
    // Act
    const status = await handshakeStatus(`${stack.endpoints.websocket}?fail=1`);

    // Assess
    expect(status).toBe(500);
  });

  it('refuses a handshake on a path other than the stage with 403', async () => {
    // Act
    const status = await handshakeStatus(stack.endpoints.websocket.replace(/\/local$/, '/prod'));

    // Assess
    expect(status).toBe(403);
  });

  it('echoes Sec-WebSocket-Protocol when $connect returns it', async () => {
    // Act
    const client = await TestSocket.open(`${stack.endpoints.websocket}?protocol=chat.v1`, [
      'chat.v1',
      'chat.v2',
    ]);

    // Assess
    expect(client.socket.protocol).toBe('chat.v1');
    await client.close();
  });

  it('sends no Sec-WebSocket-Protocol when $connect returns none, so a client asking for one fails', async () => {
    // Act
    const opening = TestSocket.open(stack.endpoints.websocket, ['chat.v1']);

    // Assess
    await expect(opening).rejects.toThrow(/no subprotocol/i);
  });
});

describe('message routing', () => {
  it('routes by the action in the body and passes a MESSAGE event', async () => {
    // Prepare
    const { client, connectionId } = await connect();
    const body = JSON.stringify({ action: 'inspect', extra: 1 });

    // Act
    client.send(body);
    const { event } = await client.nextJson<Inspection>();

    // Assess
    expect(event.body).toBe(body);
    expect(event.isBase64Encoded).toBe(false);
    expect(event).not.toHaveProperty('headers');
    expect(event.requestContext).toMatchObject({
      routeKey: 'inspect',
      eventType: 'MESSAGE',
      messageDirection: 'IN',
      connectionId,
      stage: 'local',
      identity: { sourceIp: '127.0.0.1', userAgent: 'gateway-test/1.0' },
    });
    expect(event.requestContext.messageId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(event.requestContext.messageId).not.toBe(event.requestContext.requestId);
    await client.close();
  });

  it('falls back to $default for a frame that is not JSON', async () => {
    // Prepare
    const { client } = await connect();

    // Act
    client.send('hello, not json');
    const reply = await client.nextJson();

    // Assess
    expect(reply).toEqual({ routeKey: '$default', body: 'hello, not json' });
    await client.close();
  });

  it('falls back to $default for an unknown action, a missing action and a non-string action', async () => {
    // Prepare
    const { client } = await connect();
    const frames = [{ action: 'nope' }, { text: 'no action' }, { action: 42 }, [1, 2]];

    // Act
    const replies = [];
    for (const frame of frames) replies.push(await client.request(frame));

    // Assess
    expect(replies).toEqual(
      frames.map((frame) => ({ routeKey: '$default', body: JSON.stringify(frame) })),
    );
    await client.close();
  });

  it("answers API Gateway's Forbidden frame when nothing matches and there is no $default", async () => {
    // Prepare
    const [fn] = websocketFixtureApp.functions;
    const withoutDefault = await startTestStack({
      apps: [
        {
          service: 'no-default',
          functions: [
            {
              ...fn!,
              triggers: fn!.triggers.filter(
                (trigger) => trigger.type !== 'websocket' || trigger.routeKey !== '$default',
              ),
            },
          ],
        },
      ],
    });
    const client = await TestSocket.open(withoutDefault.endpoints.websocket);

    // Act
    client.send(JSON.stringify({ action: 'unknown' }));
    const frame = await client.next();

    // Assess
    expect(frame).toMatch(
      /^\{"message": "Forbidden", "connectionId":"[A-Za-z0-9_-]{15}=", "requestId":"[A-Za-z0-9_-]{15}="\}$/,
    );
    expect(withoutDefault.stats.invocations).toBe(1);
    await client.close();
    await withoutDefault.stop();
  });

  it('sends nothing back from a one-way route', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    client.send(JSON.stringify({ action: 'oneway' }));
    await waitFor('the one-way invocation', () =>
      eventsOf(connectionId).some((event) => event.requestContext.routeKey === 'oneway'),
    );
    const next = await client.request({ action: 'marker' });

    // Assess
    expect(next).toEqual({ routeKey: '$default', body: JSON.stringify({ action: 'marker' }) });
    expect(client.messages.some((message) => message.includes('one-way'))).toBe(false);
    await client.close();
  });

  it("answers a failing handler with API Gateway's Internal server error frame", async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    client.send(JSON.stringify({ action: 'boom' }));
    const frame = await client.next();

    // Assess
    expect(frame).toMatch(
      new RegExp(
        `^\\{"message": "Internal server error", "connectionId":"${connectionId}", "requestId":"[A-Za-z0-9_-]{15}="\\}$`,
      ),
    );
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    await client.close();
  });

  it('answers a handler that outlives its timeout like a failing one', async () => {
    // Prepare
    const { client } = await connect();

    // Act
    const startedAt = Date.now();
    client.send(JSON.stringify({ action: 'slow' }));
    const frame = await client.nextJson();

    // Assess
    expect(frame.message).toBe('Internal server error');
    expect(Date.now() - startedAt).toBeLessThan(2500);
    expect(stack.stats.byFunction['fixture-slow']).toMatchObject({ errors: 1, timeouts: 1 });
    await client.close();
  });

  it('gives the handler a Lambda-like context and only its described environment', async () => {
    // Prepare
    const { client } = await connect();

    // Act
    const { context, env } = await client.request<Inspection>({ action: 'inspect' });

    // Assess
    expect(context).toMatchObject({
      functionName: 'fixture-websocket',
      functionVersion: '$LATEST',
      invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:fixture-websocket',
      memoryLimitInMB: '256',
      logGroupName: '/aws/lambda/fixture-websocket',
      callbackWaitsForEmptyEventLoop: true,
    });
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(context.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(context.remainingTimeInMillis).toBeGreaterThan(9000);
    expect(context.remainingTimeInMillis).toBeLessThanOrEqual(10000);
    expect(env).toEqual({
      TABLE_NAME: stack.tableName,
      GREETING: 'hello',
      DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    });
    await client.close();
  });

  it('counts invocations by function and by route', async () => {
    // Prepare
    const { client } = await connect();
    const before = stack.stats.byRoute.$default?.invocations ?? 0;

    // Act
    await client.request({ action: 'unknown' });
    await client.request('plain');

    // Assess
    expect(stack.stats.byRoute.$default).toMatchObject({
      functionName: 'fixture-websocket',
      invocations: before + 2,
    });
    expect(stack.stats.byFunction['fixture-websocket']?.invocations).toBeGreaterThan(before + 2);
    await client.close();
  });
});

describe('limits', () => {
  it('closes the connection with 1003 on a binary frame and fires $disconnect', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    client.send(Buffer.from([1, 2, 3]), { binary: true });
    const closed = await client.closed;

    // Assess
    expect(closed.code).toBe(1003);
    const event = await disconnectEventOf(connectionId);
    expect(event.requestContext.disconnectStatusCode).toBe(1003);
    expect(eventsOf(connectionId).some((e) => e.requestContext.routeKey === '$default')).toBe(
      false,
    );
  });

  it('closes the connection with 1009 on a frame over 32 KB and never routes it', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    client.send(JSON.stringify({ action: 'inspect', pad: 'x'.repeat(33 * 1024) }));
    const closed = await client.closed;

    // Assess
    expect(closed.code).toBe(1009);
    await disconnectEventOf(connectionId);
    expect(
      eventsOf(connectionId).filter((e) => e.requestContext.eventType === 'MESSAGE'),
    ).toHaveLength(1);
  });

  it('accepts a 100 KB message sent in frames of at most 32 KB', async () => {
    // Prepare
    const { client } = await connect();
    const text = 'y'.repeat(100 * 1024);
    const frames = text.match(/.{1,30000}/gs) ?? [];

    // Act
    frames.forEach((frame, index) => {
      client.send(frame, { fin: index === frames.length - 1 });
    });
    const reply = await client.nextJson<{ routeKey: string; body: string }>();

    // Assess
    expect(reply.routeKey).toBe('$default');
    expect(reply.body).toBe(text);
    await client.close();
  });

  it('closes the connection with 1009 on a message over 128 KB even in small frames', async () => {
    // Prepare
    const { client, connectionId } = await connect();
    const frame = 'z'.repeat(30 * 1024);

    // Act
    for (let i = 0; i < 5; i += 1) client.send(frame, { fin: i === 4 });
    const closed = await client.closed;

    // Assess
    expect(closed.code).toBe(1009);
    const event = await disconnectEventOf(connectionId);
    expect(event.requestContext.disconnectStatusCode).toBe(1009);
  });
});

describe('$disconnect', () => {
  it("carries the client's close code and reason", async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    await client.close(4000, 'bye now');
    const event = await disconnectEventOf(connectionId);

    // Assess
    expect(event.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 4000,
      disconnectReason: 'bye now',
      connectionId,
      identity: { sourceIp: '127.0.0.1', userAgent: 'gateway-test/1.0' },
    });
    expect(event.headers).toMatchObject({ 'x-api-key': '', 'X-Forwarded-For': '' });
    expect(event.isBase64Encoded).toBe(false);
    expect(event).not.toHaveProperty('body');
  });

  it('carries 1005 when the client closes without a status', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    await client.close();
    const event = await disconnectEventOf(connectionId);

    // Assess
    expect(event.requestContext.disconnectStatusCode).toBe(1005);
    expect(event.requestContext.disconnectReason).toBe('Client-side close frame status not set');
  });

  it('fires when the client drops the TCP connection without a close frame', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    client.socket.terminate();
    const event = await disconnectEventOf(connectionId);

    // Assess
    expect(event.requestContext.disconnectStatusCode).toBe(1006);
    expect(stack.connectionIds()).not.toContain(connectionId);
  });
});
