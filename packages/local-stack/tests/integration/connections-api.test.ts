import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack, WebSocketEvent } from '../../src/index.js';
import { websocketFixtureApp } from '../fixtures/apps.js';
import { recorded } from '../fixtures/recorder.js';
import { startTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { TestSocket } from '../helpers/ws-client.js';

let stack: LocalStack;
let management: ApiGatewayManagementApiClient;

function managementClient(endpoint: string): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

beforeAll(async () => {
  stack = await startTestStack({ apps: [websocketFixtureApp] });
  management = managementClient(stack.endpoints.connections);
});

afterAll(async () => {
  management.destroy();
  await stack.stop();
});

async function connect(
  target: LocalStack = stack,
): Promise<{ client: TestSocket; connectionId: string }> {
  const client = await TestSocket.open(target.endpoints.websocket, undefined, {
    headers: { 'User-Agent': 'management-test/2.0' },
  });
  const inspection = await client.request<{ event: WebSocketEvent }>({ action: 'inspect' });
  return { client, connectionId: inspection.event.requestContext.connectionId };
}

/** An error's SDK name and HTTP status. */
async function failureOf(
  sending: Promise<unknown>,
): Promise<{ name: string; status: number | undefined }> {
  try {
    await sending;
  } catch (error) {
    const failure = error as { name: string; $metadata?: { httpStatusCode?: number } };
    return { name: failure.name, status: failure.$metadata?.httpStatusCode };
  }
  throw new Error('the request succeeded');
}

const UNKNOWN_ID = 'AAAAAAAAAAAAAAA=';

describe('POST @connections/{id}', () => {
  it('sends the body to the client as a text message', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    const result = await management.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"hello"}' }),
    );

    // Assess
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(await client.next()).toBe('{"type":"hello"}');
    await client.close();
  });

  it('delivers a 100 KB body as one message', async () => {
    // Prepare
    const { client, connectionId } = await connect();
    const data = 'm'.repeat(100 * 1024);

    // Act
    await management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));

    // Assess
    expect(await client.next()).toBe(data);
    await client.close();
  });

  it('answers 413 PayloadTooLargeException for a body over 128 KB and sends nothing', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    const failure = await failureOf(
      management.send(
        new PostToConnectionCommand({
          ConnectionId: connectionId,
          Data: 'x'.repeat(128 * 1024 + 1),
        }),
      ),
    );

    // Assess
    expect(failure).toEqual({ name: 'PayloadTooLargeException', status: 413 });
    await management.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'after' }),
    );
    expect(await client.next()).toBe('after');
    await client.close();
  });

  it('answers 410 GoneException for an unknown connection', async () => {
    // Act
    const failure = await failureOf(
      management.send(new PostToConnectionCommand({ ConnectionId: UNKNOWN_ID, Data: 'x' })),
    );

    // Assess
    expect(failure).toEqual({ name: 'GoneException', status: 410 });
  });

  it('answers 410 for a connection that has closed', async () => {
    // Prepare
    const { client, connectionId } = await connect();
    await client.close(1000);
    await waitFor('the close to be seen', () => !stack.connectionIds().includes(connectionId));

    // Act
    const failure = await failureOf(
      management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })),
    );

    // Assess
    expect(failure).toEqual({ name: 'GoneException', status: 410 });
  });

  it('accepts the connection id percent-encoded or not, with the gone header on 410', async () => {
    // Prepare
    const { client, connectionId } = await connect();
    const signed = {
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=0',
    };

    // Act
    const raw = await fetch(`${stack.endpoints.connections}/@connections/${connectionId}`, {
      method: 'POST',
      headers: signed,
      body: 'raw',
    });
    const encoded = await fetch(
      `${stack.endpoints.connections}/%40connections/${encodeURIComponent(connectionId)}`,
      { method: 'POST', headers: signed, body: 'encoded' },
    );
    const gone = await fetch(`${stack.endpoints.connections}/@connections/${UNKNOWN_ID}`, {
      method: 'POST',
      headers: signed,
      body: 'x',
    });

    // Assess
    expect([raw.status, encoded.status]).toEqual([200, 200]);
    expect([await client.next(), await client.next()]).toEqual(['raw', 'encoded']);
    expect(gone.status).toBe(410);
    expect(gone.headers.get('x-amzn-errortype')).toBe('GoneException');
    await client.close();
  });

  it('refuses an unsigned request with 403 Missing Authentication Token', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    const response = await fetch(`${stack.endpoints.connections}/@connections/${connectionId}`, {
      method: 'POST',
      body: 'unsigned',
    });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ message: 'Missing Authentication Token' });
    // A round trip on the socket flushes anything the server sent before it.
    await client.request({ action: 'flush' });
    expect(client.unread()).toEqual([]);
    await client.close();
  });
});

describe('GET @connections/{id}', () => {
  it('describes the connection with ISO-8601 times, source IP and user agent', async () => {
    // Prepare
    const before = new Date();
    const { client, connectionId } = await connect();

    // Act
    const result = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));

    // Assess
    expect(result.Identity).toEqual({ SourceIp: '127.0.0.1', UserAgent: 'management-test/2.0' });
    expect(result.ConnectedAt?.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
    expect(result.LastActiveAt!.getTime()).toBeGreaterThanOrEqual(result.ConnectedAt!.getTime());
    const raw = await fetch(`${stack.endpoints.connections}/@connections/${connectionId}`, {
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local/x' },
    });
    const body = (await raw.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['connectedAt', 'identity', 'lastActiveAt']);
    expect(body.connectedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await client.close();
  });

  it('moves lastActiveAt forward when the client sends a message', async () => {
    // Prepare
    const { client, connectionId } = await connect();
    const first = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    await new Promise((resolve) => setTimeout(resolve, 20));

    // Act
    await client.request({ action: 'anything' });
    const second = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));

    // Assess
    expect(second.LastActiveAt!.getTime()).toBeGreaterThan(first.LastActiveAt!.getTime());
    await client.close();
  });

  it('answers 410 GoneException for an unknown connection', async () => {
    // Act
    const failure = await failureOf(
      management.send(new GetConnectionCommand({ ConnectionId: UNKNOWN_ID })),
    );

    // Assess
    expect(failure).toEqual({ name: 'GoneException', status: 410 });
  });
});

describe('DELETE @connections/{id}', () => {
  it('closes the socket, answers 204 and fires $disconnect', async () => {
    // Prepare
    const { client, connectionId } = await connect();

    // Act
    const result = await management.send(
      new DeleteConnectionCommand({ ConnectionId: connectionId }),
    );
    const closed = await client.closed;

    // Assess
    expect(result.$metadata.httpStatusCode).toBe(204);
    expect(closed.code).toBe(1000);
    const event = await waitFor('the $disconnect event', () =>
      recorded<WebSocketEvent>(`ws:${connectionId}`).find(
        (e) => e.requestContext.routeKey === '$disconnect',
      ),
    );
    expect(event.requestContext).toMatchObject({
      disconnectStatusCode: 1000,
      disconnectReason: 'Connection Closed Normally',
    });
    const failure = await failureOf(
      management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'x' })),
    );
    expect(failure.status).toBe(410);
  });

  it('answers 410 GoneException for an unknown connection', async () => {
    // Act
    const failure = await failureOf(
      management.send(new DeleteConnectionCommand({ ConnectionId: UNKNOWN_ID })),
    );

    // Assess
    expect(failure).toEqual({ name: 'GoneException', status: 410 });
  });
});

describe('fault injection', () => {
  it('answers the configured shares of POSTs with 410 and 429 and delivers none of them', async () => {
    // Prepare
    const faulty = await startTestStack({
      apps: [websocketFixtureApp],
      faults: { postGoneShare: 0.5, postThrottleShare: 0.5, seed: 7 },
    });
    const client = managementClient(faulty.endpoints.connections);
    const { client: socket, connectionId } = await connect(faulty);

    // Act
    const failures = [];
    for (let i = 0; i < 20; i += 1) {
      failures.push(
        await failureOf(
          client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: `m${i}` })),
        ),
      );
    }

    // Assess
    const names = new Set(failures.map((failure) => `${failure.name} ${failure.status}`));
    expect(names).toEqual(new Set(['GoneException 410', 'LimitExceededException 429']));
    expect(faulty.stats.faults.gonePosts + faulty.stats.faults.throttledPosts).toBe(20);
    await socket.request({ action: 'flush' });
    expect(socket.unread()).toEqual([]);
    await socket.close();
    client.destroy();
    await faulty.stop();
  });

  it('drops $disconnect invocations when told to, still closing the socket', async () => {
    // Prepare
    const faulty = await startTestStack({
      apps: [websocketFixtureApp],
      faults: { dropDisconnectShare: 1 },
    });
    const { client, connectionId } = await connect(faulty);

    // Act
    await client.close(1000);
    await waitFor('the dropped disconnect', () => faulty.stats.faults.droppedDisconnects === 1);

    // Assess
    expect(faulty.connectionIds()).toEqual([]);
    expect(
      recorded<WebSocketEvent>(`ws:${connectionId}`).map((event) => event.requestContext.routeKey),
    ).toEqual(['$connect', 'inspect']);
    expect(faulty.stats.byRoute.$disconnect).toBeUndefined();
    await faulty.stop();
  });
});
