import { describe, expect, it } from 'vitest';
import { HELP, parseCliArgs } from '../../src/cli-options.js';
import { ConfigurationError } from '../../src/index.js';

describe('parseCliArgs', () => {
  it('starts with the defaults when given no flags', () => {
    expect(parseCliArgs([])).toEqual({ kind: 'start', options: {}, quiet: false });
  });

  it('translates every flag into a stack option', () => {
    const request = parseCliArgs([
      '--ws-port',
      '4001',
      '--http-port',
      '4000',
      '--dynamodb-port',
      '0',
      '--stage',
      'dev',
      '--region',
      'eu-west-1',
      '--host',
      '0.0.0.0',
      '--table',
      'chat-dev',
      '--poll-interval',
      '100',
      '--persist',
      '.data',
      '--idle-timeout',
      '5',
      '--max-connection',
      '60',
      '--on-failure-log',
      'failures.jsonl',
      '--drop-disconnects',
      '0.5',
      '--gone-posts',
      '0.1',
      '--throttle-posts',
      '0.2',
      '--duplicate-batches',
      '1',
      '--seed',
      '7',
      '--quiet',
    ]);
    expect(request).toEqual({
      kind: 'start',
      quiet: true,
      options: {
        websocketPort: 4001,
        httpPort: 4000,
        dynamodbPort: 0,
        stage: 'dev',
        region: 'eu-west-1',
        host: '0.0.0.0',
        tableName: 'chat-dev',
        pollIntervalMs: 100,
        persistDir: '.data',
        idleTimeoutSeconds: 5,
        maxConnectionSeconds: 60,
        onFailureLogPath: 'failures.jsonl',
        faults: {
          dropDisconnectShare: 0.5,
          postGoneShare: 0.1,
          postThrottleShare: 0.2,
          duplicateBatchShare: 1,
          seed: 7,
        },
      },
    });
  });

  it('asks for help with -h and --help', () => {
    expect(parseCliArgs(['-h'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it('rejects unknown flags and malformed numbers', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow(ConfigurationError);
    expect(() => parseCliArgs(['--ws-port', 'abc'])).toThrow(/--ws-port needs an integer/);
    expect(() => parseCliArgs(['--poll-interval', ''])).toThrow(ConfigurationError);
  });

  it('documents every flag in the help', () => {
    for (const flag of [
      '--ws-port',
      '--http-port',
      '--dynamodb-port',
      '--dynamodb-endpoint',
      '--host',
      '--stage',
      '--region',
      '--table',
      '--persist',
      '--poll-interval',
      '--idle-timeout',
      '--max-connection',
      '--on-failure-log',
      '--drop-disconnects',
      '--gone-posts',
      '--throttle-posts',
      '--duplicate-batches',
      '--seed',
      '--quiet',
      '--help',
    ]) {
      expect(HELP).toContain(flag);
    }
  });
});
