import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { connectionKey } from '@chat/domain';
import type { WebSocketEvent, WebSocketResult } from '../../src/handlers/events.js';
import { actionEvent, connectEvent, newConnectionId } from '../helpers/events.js';
import { setUpTable, type TableFixture } from '../helpers/table.js';

let fixture: TableFixture;
let handler: (event: WebSocketEvent) => Promise<WebSocketResult>;

beforeAll(async () => {
  fixture = await setUpTable('connection-logs');
  process.env.LOG_LEVEL = 'INFO';
  ({ handler } = await import('../../src/handlers/websocket.js'));
});

afterAll(() => {
  fixture.destroy();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `act` and returns the JSON log lines the handler wrote meanwhile (errors go to stderr). */
async function logsOf(act: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  await act();
  vi.restoreAllMocks();
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('logging', () => {
  it('writes structured JSON with the connection and request ids of the invocation', async () => {
    const connectionId = newConnectionId();
    const event = connectEvent(connectionId, { query: { name: 'x'.repeat(40) } });

    const logs = await logsOf(() => handler(event));

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

    const logs = await logsOf(async () => {
      reply = await handler(actionEvent(connectionId, { action: 'ping' }));
    });

    const failure = logs.find((log) => log.level === 'ERROR');
    expect(failure).toMatchObject({ connectionId, routeKey: 'ping' });
    expect(JSON.stringify(failure)).toMatch(/Cannot decode item of type connection/);
    expect(reply?.body).not.toMatch(/decode/);
  });
});
