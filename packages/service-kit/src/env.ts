/**
 * The environment of a chat service, read in this one place. Each app description names the
 * variables the runtimes must set; the local stack adds `DYNAMODB_ENDPOINT`.
 */
import { ConfigurationError } from './errors.js';

/** Log levels the Powertools logger accepts. */
export const LOG_LEVELS = [
  'TRACE',
  'DEBUG',
  'INFO',
  'WARN',
  'ERROR',
  'CRITICAL',
  'SILENT',
] as const;

export type LogLevel = (typeof LOG_LEVELS)[number];

/** The settings a composition root builds its service from. */
export interface Env {
  /** `TABLE_NAME`: the chat table. */
  readonly tableName: string;
  /** `DYNAMODB_ENDPOINT`: a DynamoDB endpoint to use instead of AWS's (DynamoDB Local). */
  readonly dynamodbEndpoint?: string;
  /** `AWS_REGION`, which Lambda always sets. */
  readonly region?: string;
  /** Whether `AWS_ACCESS_KEY_ID` is set; without it a local endpoint gets dummy keys. */
  readonly hasCredentials: boolean;
  /** `LOG_LEVEL`, default `INFO`. */
  readonly logLevel: LogLevel;
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/**
 * Reads and checks the environment.
 *
 * @throws {ConfigurationError} when `TABLE_NAME` is missing or `LOG_LEVEL` is not a level.
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const tableName = source.TABLE_NAME?.trim();
  if (tableName === undefined || tableName === '') {
    throw new ConfigurationError('TABLE_NAME must name the chat table.');
  }
  const logLevel = (source.LOG_LEVEL?.trim() ?? 'INFO').toUpperCase();
  if (!isLogLevel(logLevel)) {
    throw new ConfigurationError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}.`);
  }
  const endpoint = source.DYNAMODB_ENDPOINT?.trim();
  const region = source.AWS_REGION?.trim();
  return {
    tableName,
    logLevel,
    hasCredentials: (source.AWS_ACCESS_KEY_ID ?? '') !== '',
    ...(endpoint === undefined || endpoint === '' ? {} : { dynamodbEndpoint: endpoint }),
    ...(region === undefined || region === '' ? {} : { region }),
  };
}
