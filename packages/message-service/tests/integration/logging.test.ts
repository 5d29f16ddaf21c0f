import { afterAll, describe, expect, inject, it } from 'vitest';
import { connectionKey } from '@chat/domain';
import type { WebSocketResult } from '@chat/service-kit';
import { actionEvent, captureLogs, newConnectionId, setUpTable } from '@chat/service-kit/testing';

const fixture = await setUpTable(inject('dynamodbEndpoint'), 'message-logs', { logLevel: 'INFO' });
const { handler } = await import('../../src/handlers/websocket.js');

afterAll(() => {
  fixture.destroy();
});

describe('logging', () => {
  it('writes structured JSON with the connection, request and client request ids', async () => {
    const connectionId = newConnectionId();
    const event = actionEvent(connectionId, {
      action: 'sendMessage',
      roomId: 'lobby',
      text: 'hi',
      requestId: 'client-1',
    });

    const logs = await captureLogs(() => handler(event));

    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        service: 'message-service',
        connectionId,
        requestId: event.requestContext.requestId,
        clientRequestId: 'client-1',
        routeKey: 'sendMessage',
        code: 'NOT_CONNECTED',
      }),
    );
  });

  it('logs an unexpected error with its cause, which the reply never shows', async () => {
    const connectionId = newConnectionId();
    await fixture.putItem({ ...connectionKey(connectionId), type: 'connection', connectionId });
    let reply: WebSocketResult | undefined;

    const logs = await captureLogs(async () => {
      reply = await handler(
        actionEvent(connectionId, { action: 'sendMessage', roomId: 'lobby', text: 'hi' }),
      );
    });

    const failure = logs.find((log) => log.level === 'ERROR');
    expect(failure).toMatchObject({ connectionId, routeKey: 'sendMessage' });
    expect(JSON.stringify(failure)).toMatch(/Cannot decode item of type connection/);
    expect(reply?.body).not.toMatch(/decode/);
  });
});
