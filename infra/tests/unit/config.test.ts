import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_ENV, resolveConfig } from '../../src/config.js';
import { InvalidConfigError } from '../../src/errors.js';

describe('resolveConfig', () => {
  it('deploys stage dev to us-east-1 with documented defaults when nothing is set', () => {
    const config = resolveConfig({}, {});

    expect(config).toEqual({
      stackId: 'chat-dev',
      stack: {
        stage: 'dev',
        region: 'us-east-1',
        namePrefix: 'chat-dev',
        logRetentionDays: 30,
        throttling: { burstLimit: 1000, rateLimit: 500 },
        alarms: { threshold: 1, periodSeconds: 300, evaluationPeriods: 1 },
        corsAllowOrigins: ['*'],
        lambdaArchitecture: 'arm64',
        tableDeletionProtection: false,
        manageApiGatewayAccount: true,
      },
    });
  });

  it('reads the cdktf.json context, and lets the environment override it', () => {
    const context = { stage: 'staging', region: 'eu-central-1', logRetentionDays: 90 };

    const config = resolveConfig(
      { CHAT_REGION: 'eu-west-1', CHAT_THROTTLING_RATE_LIMIT: '50' },
      context,
    );

    expect(config.stackId).toBe('chat-staging');
    expect(config.stack).toMatchObject({
      stage: 'staging',
      region: 'eu-west-1',
      namePrefix: 'chat-staging',
      logRetentionDays: 90,
      throttling: { burstLimit: 1000, rateLimit: 50 },
    });
  });

  it('falls back to AWS_REGION for the region', () => {
    expect(resolveConfig({ AWS_REGION: 'ap-southeast-2' }).stack.region).toBe('ap-southeast-2');
  });

  it('parses lists, booleans and alarm targets', () => {
    const config = resolveConfig({
      CHAT_CORS_ALLOW_ORIGINS: 'https://a.example.com, https://b.example.com',
      CHAT_TABLE_DELETION_PROTECTION: 'true',
      CHAT_MANAGE_API_GATEWAY_ACCOUNT: 'false',
      CHAT_ALARM_EMAIL: 'ops@example.com',
      CHAT_ALARM_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:ops',
      CHAT_ALLOWED_ACCOUNT_IDS: '123456789012',
    });

    expect(config.stack).toMatchObject({
      corsAllowOrigins: ['https://a.example.com', 'https://b.example.com'],
      tableDeletionProtection: true,
      manageApiGatewayAccount: false,
      alarms: { email: 'ops@example.com', topicArn: 'arn:aws:sns:us-east-1:123456789012:ops' },
      allowedAccountIds: ['123456789012'],
    });
  });

  it('keeps state in S3 when a bucket is named, keyed by stage', () => {
    const config = resolveConfig({ CHAT_STAGE: 'prod', CHAT_STATE_BUCKET: 'tf-state' });

    expect(config.state).toEqual({
      bucket: 'tf-state',
      key: 'chat/prod/terraform.tfstate',
      region: 'us-east-1',
    });
  });

  it.each([
    ['CHAT_LOG_RETENTION_DAYS', '0'],
    ['CHAT_LOG_RETENTION_DAYS', '31'],
    ['CHAT_STAGE', 'my stage'],
    ['CHAT_REGION', 'mars'],
    ['CHAT_NAME_PREFIX', 'Chat_Prod'],
    ['CHAT_THROTTLING_BURST_LIMIT', 'lots'],
    ['CHAT_TABLE_DELETION_PROTECTION', 'yes'],
    ['CHAT_LAMBDA_ARCHITECTURE', 'sparc'],
    ['CHAT_ALLOWED_ACCOUNT_IDS', '1234'],
  ])('rejects %s=%s and names the variable', (name, value) => {
    expect(() => resolveConfig({ [name]: value })).toThrow(InvalidConfigError);
    expect(() => resolveConfig({ [name]: value })).toThrow(name);
  });

  it('has every setting documented in the README with its variable and context key', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

    for (const [key, variable] of Object.entries(CONFIG_ENV)) {
      expect(readme, variable).toMatch(new RegExp(`\\| \`${variable}\` +\\| \`${key}\` +\\|`));
    }
  });
});
