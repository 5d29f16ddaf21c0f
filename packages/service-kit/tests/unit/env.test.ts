import { describe, expect, it } from 'vitest';
import { readEnv } from '../../src/env.js';
import { ConfigurationError } from '../../src/errors.js';

describe('readEnv', () => {
  it('reads the table name, and defaults the log level to INFO', () => {
    expect(readEnv({ TABLE_NAME: 'prod-chat', AWS_REGION: 'eu-west-1' })).toEqual({
      tableName: 'prod-chat',
      region: 'eu-west-1',
      logLevel: 'INFO',
      hasCredentials: false,
    });
  });

  it('reads a local DynamoDB endpoint and a log level in any case', () => {
    const env = readEnv({
      TABLE_NAME: 'local-chat',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      LOG_LEVEL: 'debug',
      AWS_ACCESS_KEY_ID: 'local',
    });

    expect(env).toMatchObject({
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      logLevel: 'DEBUG',
      hasCredentials: true,
    });
  });

  it('refuses to start without TABLE_NAME', () => {
    expect(() => readEnv({ TABLE_NAME: ' ' })).toThrow(ConfigurationError);
    expect(() => readEnv({})).toThrow(/TABLE_NAME/);
  });

  it('refuses an unknown LOG_LEVEL', () => {
    expect(() => readEnv({ TABLE_NAME: 't', LOG_LEVEL: 'LOUD' })).toThrow(/LOG_LEVEL/);
  });
});
