import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectionKey } from '@chat/domain';
import type { WebSocketResult } from '@chat/service-kit';
import {
  actionEvent,
  captureLogs,
  connectEvent,
  newConnectionId,
  setUpTable,
} from '@chat/service-kit/testing';

const fixture = await setUpTable(inject('dynamodbEndpoint'), 'connection-logs', {
  logLevel: 'INFO',
});
const { handler } = await import('../../src/handlers/websocket.js');

afterAll(() => {
  fixture.destroy();
});

describe('logging', () => {
  it('writes structured JSON with the connection and request ids of the invocation', async () => {
    const connectionId = newConnectionId();
    const event = connectEvent(connectionId, { query: { name: 'x'.repeat(40) } });

    const logs = await captureLogs(() => handler(event));

    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        service: 'connection-service',
        connectionId,
        requestId: event.requestContext.requestId,
        routeKey: '$connect',
        code: 'INVALID_FIELD',
      }),
    );
  });

  it('logs an unexpected error with its cause, which the reply never shows', async () => {
    const connectionId = newConnectionId();
    await fixture.putItem({ ...connectionKey(connectionId), type: 'connection', connectionId });
    let reply: WebSocketResult | undefined;

    const logs = await captureLogs(async () => {
      reply = await handler(actionEvent(connectionId, { action: 'ping' }));
    });

    const failure = logs.find((log) => log.level === 'ERROR');
    expect(failure).toMatchObject({ connectionId, routeKey: 'ping' });
    expect(JSON.stringify(failure)).toMatch(/Cannot decode item of type connection/);
    expect(reply?.body).not.toMatch(/decode/);
  });
});
