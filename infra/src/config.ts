/**
 * Deployment settings, read from environment variables and the `context` of `cdktf.json`
 * (an environment variable wins over the context, the context over the default). This is the
 * only module that reads the environment; `infra/README.md` documents every setting.
 */
import type { ChatStackOptions } from './chat-stack.js';
import { InvalidConfigError } from './errors.js';

/** Environment variable of each setting; the `cdktf.json` context key is the setting's name. */
export const CONFIG_ENV = {
  stage: 'CHAT_STAGE',
  region: 'CHAT_REGION',
  namePrefix: 'CHAT_NAME_PREFIX',
  logRetentionDays: 'CHAT_LOG_RETENTION_DAYS',
  throttlingBurstLimit: 'CHAT_THROTTLING_BURST_LIMIT',
  throttlingRateLimit: 'CHAT_THROTTLING_RATE_LIMIT',
  alarmEmail: 'CHAT_ALARM_EMAIL',
  alarmTopicArn: 'CHAT_ALARM_TOPIC_ARN',
  alarmThreshold: 'CHAT_ALARM_THRESHOLD',
  alarmPeriodSeconds: 'CHAT_ALARM_PERIOD_SECONDS',
  alarmEvaluationPeriods: 'CHAT_ALARM_EVALUATION_PERIODS',
  corsAllowOrigins: 'CHAT_CORS_ALLOW_ORIGINS',
  lambdaArchitecture: 'CHAT_LAMBDA_ARCHITECTURE',
  tableDeletionProtection: 'CHAT_TABLE_DELETION_PROTECTION',
  manageApiGatewayAccount: 'CHAT_MANAGE_API_GATEWAY_ACCOUNT',
  allowedAccountIds: 'CHAT_ALLOWED_ACCOUNT_IDS',
  stateBucket: 'CHAT_STATE_BUCKET',
  stateKey: 'CHAT_STATE_KEY',
  stateRegion: 'CHAT_STATE_REGION',
} as const;

/** A setting's name, also its `cdktf.json` context key. */
export type ConfigKey = keyof typeof CONFIG_ENV;

/** Where Terraform keeps state when not in a local file. */
export interface S3StateSettings {
  readonly bucket: string;
  readonly key: string;
  readonly region: string;
}

/** Resolved settings: the stack's options (apps aside) and the state backend. */
export interface ChatConfig {
  /** Stack id, `chat-{stage}`: also the folder under `cdktf.out/stacks`. */
  readonly stackId: string;
  readonly stack: Omit<ChatStackOptions, 'apps' | 'bundle'>;
  /** S3 state; absent means a local state file per stage. */
  readonly state?: S3StateSettings;
}

/** Retention periods CloudWatch Logs accepts (never-expire is deliberately not offered). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
] as const;

const DEFAULT_REGION = 'us-east-1';

type Environment = Readonly<Record<string, string | undefined>>;
type Context = Readonly<Record<string, unknown>>;

/**
 * Resolves every setting.
 *
 * @param env usually `process.env`
 * @param context the `cdktf.json` context (`app.node.getAllContext()`)
 * @throws {InvalidConfigError} naming the variable or context key that is wrong
 */
export function resolveConfig(env: Environment, context: Context = {}): ChatConfig {
  const read: Reader = new Reader(env, context);

  const stage = read.string('stage') ?? 'dev';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(stage)) {
    read.fail('stage', stage, 'letters, digits, "-" and "_" only, at most 64');
  }
  const region =
    read.string('region') ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_REGION;
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) read.fail('region', region, 'an AWS region');
  const namePrefix = read.string('namePrefix') ?? `chat-${stage}`;
  if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(namePrefix)) {
    read.fail('namePrefix', namePrefix, 'lowercase letters, digits and "-", at most 32');
  }

  const logRetentionDays = read.integer('logRetentionDays') ?? 30;
  if (!(LOG_RETENTION_DAYS as readonly number[]).includes(logRetentionDays)) {
    read.fail('logRetentionDays', logRetentionDays, `one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }
  const lambdaArchitecture = read.string('lambdaArchitecture') ?? 'arm64';
  if (lambdaArchitecture !== 'arm64' && lambdaArchitecture !== 'x86_64') {
    read.fail('lambdaArchitecture', lambdaArchitecture, '"arm64" or "x86_64"');
  }
  const alarmEmail = read.string('alarmEmail');
  const alarmTopicArn = read.string('alarmTopicArn');
  const allowedAccountIds = read.list('allowedAccountIds');
  if (allowedAccountIds?.some((id) => !/^\d{12}$/.test(id))) {
    read.fail('allowedAccountIds', allowedAccountIds.join(','), '12-digit account ids');
  }
  const stateBucket = read.string('stateBucket');

  return {
    stackId: `chat-${stage}`,
    stack: {
      stage,
      region,
      namePrefix,
      logRetentionDays,
      throttling: {
        burstLimit: read.integer('throttlingBurstLimit') ?? 1000,
        rateLimit: read.integer('throttlingRateLimit') ?? 500,
      },
      alarms: {
        threshold: read.integer('alarmThreshold') ?? 1,
        periodSeconds: read.integer('alarmPeriodSeconds') ?? 300,
        evaluationPeriods: read.integer('alarmEvaluationPeriods') ?? 1,
        ...(alarmEmail === undefined ? {} : { email: alarmEmail }),
        ...(alarmTopicArn === undefined ? {} : { topicArn: alarmTopicArn }),
      },
      corsAllowOrigins: read.list('corsAllowOrigins') ?? ['*'],
      lambdaArchitecture,
      tableDeletionProtection: read.boolean('tableDeletionProtection') ?? false,
      manageApiGatewayAccount: read.boolean('manageApiGatewayAccount') ?? true,
      ...(allowedAccountIds === undefined ? {} : { allowedAccountIds }),
    },
    ...(stateBucket === undefined
      ? {}
      : {
          state: {
            bucket: stateBucket,
            key: read.string('stateKey') ?? `chat/${stage}/terraform.tfstate`,
            region: read.string('stateRegion') ?? region,
          },
        }),
  };
}

class Reader {
  constructor(
    private readonly env: Environment,
    private readonly context: Context,
  ) {}

  fail(key: ConfigKey, value: unknown, expected: string): never {
    throw new InvalidConfigError(
      `${CONFIG_ENV[key]} (context "${key}") is ${JSON.stringify(value)}; expected ${expected}`,
    );
  }

  private raw(key: ConfigKey): unknown {
    const fromEnv = this.env[CONFIG_ENV[key]];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    return this.context[key];
  }

  string(key: ConfigKey): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.trim() === '') this.fail(key, value, 'a string');
    return value.trim();
  }

  integer(key: ConfigKey): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 1) {
      this.fail(key, value, 'a positive integer');
    }
    return number;
  }

  boolean(key: ConfigKey): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === 'true') return true;
    if (value === 'false') return false;
    return this.fail(key, value, '"true" or "false"');
  }

  list(key: ConfigKey): string[] | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    const items = typeof value === 'string' ? value.split(',') : value;
    if (!Array.isArray(items) || items.some((item) => typeof item !== 'string')) {
      this.fail(key, value, 'a comma-separated list or an array of strings');
    }
    const list = (items as string[]).map((item) => item.trim()).filter((item) => item !== '');
    if (list.length === 0) this.fail(key, value, 'at least one item');
    return list;
  }
}
