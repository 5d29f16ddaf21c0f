/**
 * The fan-out's environment, read in this one place. The composition root reads it once,
 * at module scope.
 */
import { EnvironmentError } from './errors.js';
import { DEFAULT_PRESENCE_ROOM_LIMIT } from './fan-out.js';

/** The settings the fan-out's Lambda function runs with. */
export interface FanOutEnvironment {
  /** `TABLE_NAME`: the chat table. */
  readonly tableName: string;
  /** `CONNECTIONS_ENDPOINT`: the Management API base, `https://…/{stage}`. */
  readonly connectionsEndpoint: string;
  /** `DYNAMODB_ENDPOINT` (optional): DynamoDB Local's URL; unset on AWS. */
  readonly dynamodbEndpoint: string | undefined;
  /** `AWS_REGION` (set by Lambda); `us-east-1` when unset. */
  readonly region: string;
  /** `FANOUT_POST_CONCURRENCY` (optional): posts in flight per batch. Default 32. */
  readonly postConcurrency: number;
  /** `FANOUT_POST_TIMEOUT_MS` (optional): the timeout of one post. Default 3000. */
  readonly postTimeoutMs: number;
  /**
   * `PRESENCE_ROOM_LIMIT` (optional): the largest room whose joins, leaves and renames are
   * broadcast. Default 100.
   */
  readonly presenceRoomLimit: number;
}

/**
 * Reads and checks the environment.
 *
 * @throws {EnvironmentError} when a required variable is missing or a value is malformed.
 */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): FanOutEnvironment {
  return {
    tableName: required(env, 'TABLE_NAME'),
    connectionsEndpoint: url('CONNECTIONS_ENDPOINT', required(env, 'CONNECTIONS_ENDPOINT')),
    dynamodbEndpoint:
      env.DYNAMODB_ENDPOINT === undefined || env.DYNAMODB_ENDPOINT === ''
        ? undefined
        : url('DYNAMODB_ENDPOINT', env.DYNAMODB_ENDPOINT),
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    postConcurrency: positiveInteger(env, 'FANOUT_POST_CONCURRENCY', 32),
    postTimeoutMs: positiveInteger(env, 'FANOUT_POST_TIMEOUT_MS', 3000),
    presenceRoomLimit: positiveInteger(env, 'PRESENCE_ROOM_LIMIT', DEFAULT_PRESENCE_ROOM_LIMIT),
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new EnvironmentError(name, 'is not set');
  return value;
}

function url(name: string, value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new EnvironmentError(name, `must be an http(s) URL, got "${value}"`);
  }
  return value;
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new EnvironmentError(name, `must be a positive integer, got "${raw}"`);
  }
  return value;
}
