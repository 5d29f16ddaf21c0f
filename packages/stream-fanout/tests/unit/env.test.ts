import { describe, expect, it } from 'vitest';
import { readEnvironment } from '../../src/env.js';
import { EnvironmentError } from '../../src/errors.js';

const required = {
  TABLE_NAME: 'dev-chat',
  CONNECTIONS_ENDPOINT: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
};

describe('readEnvironment', () => {
  it('reads the required variables and fills in the defaults', () => {
    expect(readEnvironment({ ...required, AWS_REGION: 'eu-west-1' })).toEqual({
      tableName: 'dev-chat',
      connectionsEndpoint: required.CONNECTIONS_ENDPOINT,
      dynamodbEndpoint: undefined,
      region: 'eu-west-1',
      postConcurrency: 32,
      postTimeoutMs: 3000,
      presenceRoomLimit: 100,
    });
  });

  it('takes the local DynamoDB endpoint and the tuning variables when set', () => {
    const env = readEnvironment({
      ...required,
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8000',
      FANOUT_POST_CONCURRENCY: '8',
      FANOUT_POST_TIMEOUT_MS: '500',
      PRESENCE_ROOM_LIMIT: '1000',
    });

    expect(env).toMatchObject({
      dynamodbEndpoint: 'http://127.0.0.1:8000',
      postConcurrency: 8,
      postTimeoutMs: 500,
      presenceRoomLimit: 1000,
    });
  });

  it.each([
    [
      'TABLE_NAME is missing',
      { CONNECTIONS_ENDPOINT: required.CONNECTIONS_ENDPOINT },
      'TABLE_NAME',
    ],
    ['CONNECTIONS_ENDPOINT is missing', { TABLE_NAME: 'dev-chat' }, 'CONNECTIONS_ENDPOINT'],
    [
      'CONNECTIONS_ENDPOINT is no URL',
      { ...required, CONNECTIONS_ENDPOINT: 'abc' },
      'CONNECTIONS_ENDPOINT',
    ],
    [
      'FANOUT_POST_CONCURRENCY is 0',
      { ...required, FANOUT_POST_CONCURRENCY: '0' },
      'FANOUT_POST_CONCURRENCY',
    ],
    [
      'FANOUT_POST_TIMEOUT_MS is no number',
      { ...required, FANOUT_POST_TIMEOUT_MS: 'soon' },
      'FANOUT_POST_TIMEOUT_MS',
    ],
  ])('throws an EnvironmentError naming the variable when %s', (_case, env, variable) => {
    expect(() => readEnvironment(env)).toThrow(EnvironmentError);
    expect(() => readEnvironment(env)).toThrow(variable);
  });
});
