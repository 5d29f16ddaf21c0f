import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack, WebSocketEvent } from '../../src/index.js';
import { websocketFixtureApp } from '../fixtures/apps.js';
import { recorded } from '../fixtures/recorder.js';
import { startTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';
import { TestSocket } from '../helpers/ws-client.js';

let stack: LocalStack;

beforeAll(async () => {
  stack = await startTestStack({
    apps: [websocketFixtureApp],
    idleTimeoutSeconds: 1,
    maxConnectionSeconds: 2,
  });
});

afterAll(async () => {
  await stack.stop();
});

async function connect(): Promise<{ client: TestSocket; connectionId: string }> {
  const client = await TestSocket.open(stack.endpoints.websocket);
  const inspection = await client.request<{ event: WebSocketEvent }>({ action: 'inspect' });
  return { client, connectionId: inspection.event.requestContext.connectionId };
}

function disconnectOf(connectionId: string): Promise<WebSocketEvent> {
  return waitFor('the $disconnect event', () =>
    recorded<WebSocketEvent>(`ws:${connectionId}`).find(
      (event) => event.requestContext.routeKey === '$disconnect',
    ),
  );
}

describe('idle timeout', () => {
  it('closes a silent connection with 1001 Going away and fires $disconnect', async () => {
    // Prepare
    const { client, connectionId } = await connect();
    const lastMessageAt = Date.now();

    // Act
    const closed = await client.closed;

    // Assess
    const idleFor = Date.now() - lastMessageAt;
    expect(closed.code).toBe(1001);
    expect(idleFor).toBeGreaterThanOrEqual(900);
    expect(idleFor).toBeLessThan(1900);
    const event = await disconnectOf(connectionId);
    expect(event.requestContext).toMatchObject({
      disconnectStatusCode: 1001,
      disconnectReason: 'Going away',
    });
  });

  it('counts only from the last message the client sent', async () => {
    // Prepare
    const { client } = await connect();

    // Act
    await sleep(600);
    await client.request({ action: 'keep-alive' });
    await sleep(600);

    // Assess
    expect(client.socket.readyState).toBe(client.socket.OPEN);
    expect((await client.closed).code).toBe(1001);
  });
});

describe('maximum connection duration', () => {
  it('closes a busy connection after the limit with 1001 and fires $disconnect', async () => {
    // Prepare
    const { client, connectionId } = await connect();
    const openedAt = Date.now();
    const keepBusy = setInterval(() => {
      if (client.socket.readyState === client.socket.OPEN) client.send('busy');
    }, 250);

    // Act
    const closed = await client.closed;
    clearInterval(keepBusy);

    // Assess
    expect(closed.code).toBe(1001);
    expect(Date.now() - openedAt).toBeGreaterThanOrEqual(1800);
    const event = await disconnectOf(connectionId);
    expect(event.requestContext.disconnectStatusCode).toBe(1001);
  });
});
