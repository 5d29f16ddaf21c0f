import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { connectionKey } from '@chat/domain';
import type { WebSocketEvent, WebSocketResult } from '@chat/service-kit';
import {
  actionEvent,
  connectEvent,
  newConnectionId,
  captureLogs,
  setUpTable,
  type TableFixture,
} from '@chat/service-kit/testing';

let fixture: TableFixture;
let handler: (event: WebSocketEvent) => Promise<WebSocketResult>;

beforeAll(async () => {
  fixture = await setUpTable(inject('dynamodbEndpoint'), 'connection-logs');
  process.env.LOG_LEVEL = 'INFO';
  ({ handler } = await import('../../src/handlers/websocket.js'));
});

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
    await fixture.documentClient.send(
      new PutCommand({
        TableName: fixture.table.tableName,
        Item: { ...connectionKey(connectionId), type: 'connection', connectionId },
      }),
    );
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
