import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createServiceRuntime, dynamoDbClientConfig } from '../../src/runtime.js';
import { webSocketHandler } from '../../src/invocation.js';
import { ConfigurationError } from '../../src/errors.js';
import {
  actionEvent,
  captureLogs,
  newConnectionId,
  setUpTable,
  type TableFixture,
} from '../../src/testing/index.js';

let fixture: TableFixture;

beforeAll(async () => {
  fixture = await setUpTable(inject('dynamodbEndpoint'), 'service-kit-runtime');
});

afterAll(() => {
  fixture.destroy();
});

describe('dynamoDbClientConfig', () => {
  it("uses AWS's endpoint unless DYNAMODB_ENDPOINT is set, and dummy keys only locally without keys", () => {
    const local = { tableName: 't', logLevel: 'INFO', hasCredentials: false } as const;

    expect(dynamoDbClientConfig({ ...local, region: 'eu-west-1' })).toEqual({});
    expect(dynamoDbClientConfig({ ...local, dynamodbEndpoint: 'http://127.0.0.1:8000' })).toEqual({
      endpoint: 'http://127.0.0.1:8000',
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    expect(
      dynamoDbClientConfig({
        ...local,
        hasCredentials: true,
        region: 'eu-west-1',
        dynamodbEndpoint: 'http://127.0.0.1:8000',
      }),
    ).toEqual({ endpoint: 'http://127.0.0.1:8000', region: 'eu-west-1' });
  });
});

describe('createServiceRuntime', () => {
  it('builds a document client of the configured table that drops undefined attributes', async () => {
    const { env, documentClient } = createServiceRuntime('kit-test');
    const Item = { pk: 'TEST#runtime', sk: 'A', kept: 'yes', dropped: undefined };

    await documentClient.send(new PutCommand({ TableName: env.tableName, Item }));
    const { Item: stored } = await documentClient.send(
      new GetCommand({ TableName: env.tableName, Key: { pk: 'TEST#runtime', sk: 'A' } }),
    );
    documentClient.destroy();

    expect(env.tableName).toBe(fixture.table.tableName);
    expect(stored).toEqual({ pk: 'TEST#runtime', sk: 'A', kept: 'yes' });
  });

  it('logs structured JSON keyed to the invocation, and forgets the keys afterwards', async () => {
    const { logger, documentClient } = createServiceRuntime('kit-test', {
      ...process.env,
      LOG_LEVEL: 'INFO',
    });
    documentClient.destroy();
    const handler = webSocketHandler(logger, () => {
      logger.info('inside');
      return Promise.resolve({ statusCode: 200 });
    });
    const connectionId = newConnectionId();
    const event = actionEvent(connectionId, { action: 'ping' });

    const logs = await captureLogs(async () => {
      await handler(event);
      logger.info('after');
    });

    expect(logs).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'inside',
        service: 'kit-test',
        connectionId,
        requestId: event.requestContext.requestId,
        routeKey: 'ping',
      }),
    );
    expect(logs.find((log) => log.message === 'after')).not.toHaveProperty('connectionId');
  });

  it('refuses to start without TABLE_NAME', () => {
    expect(() => createServiceRuntime('kit-test', {})).toThrow(ConfigurationError);
  });
});
