/**
 * The command line of `pnpm start` (`local-stack`): flags, their help text, and their
 * translation into {@link LocalStackOptions}.
 */
import { parseArgs } from 'node:util';
import { LocalStackDefaults } from './constants.js';
import { ConfigurationError } from './errors.js';
import type { LocalStackOptions } from './start-local-stack.js';

/** What the command line asks for. */
export type CliRequest =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'start';
      readonly options: LocalStackOptions;
      /** Log warnings and errors only, no invocation lines. */
      readonly quiet: boolean;
    };

/** `--help` output. */
export const HELP = `Usage: pnpm start [options]

Runs the chat backend on this machine: DynamoDB Local with the table and its stream, a
WebSocket gateway and Management API, an HTTP API and the stream poller, all wired from the
services' app descriptions. Ctrl-C stops everything.

Endpoints
  --ws-port <port>            WebSocket gateway and @connections API (default ${LocalStackDefaults.websocketPort}; 0 = any free port)
  --http-port <port>          HTTP API (default ${LocalStackDefaults.httpPort}; 0 = any free port)
  --dynamodb-port <port>      DynamoDB Local (default ${LocalStackDefaults.dynamodbPort}; 0 = any free port)
  --lambda-port <port>        Lambda Invoke API (default ${LocalStackDefaults.lambdaPort}; 0 = any free port)
  --dynamodb-endpoint <url>   use this running DynamoDB instead of starting DynamoDB Local
  --host <address>            interface the gateways listen on (default ${LocalStackDefaults.host})
  --stage <name>              stage in the WebSocket and @connections paths (default ${LocalStackDefaults.stage})
  --region <region>           region handlers and stream records see (default ${LocalStackDefaults.region})
  --table <name>              table name (default <stage>-chat)

Behaviour
  --persist <dir>             keep DynamoDB Local's data in <dir> (default: in memory)
  --poll-interval <ms>        stream poll interval (default ${LocalStackDefaults.pollIntervalMs})
  --idle-timeout <seconds>    close idle WebSockets after this long (default ${LocalStackDefaults.idleTimeoutSeconds})
  --max-connection <seconds>  close every WebSocket after this long (default ${LocalStackDefaults.maxConnectionSeconds})
  --on-failure-log <file>     append stream batches given up on to this JSON-lines file

Fault injection (shares from 0 to 1, all 0 by default)
  --drop-disconnects <share>  drop this share of $disconnect invocations
  --gone-posts <share>        answer this share of @connections POSTs with 410 Gone
  --throttle-posts <share>    answer this share of @connections POSTs with 429
  --duplicate-batches <share> deliver this share of stream batches twice
  --seed <integer>            seed of the fault draws (default random, printed at start)

Output
  --quiet                     print endpoints, warnings and errors only, no invocation lines
  -h, --help                  show this help

Handlers run in this process and also inherit its environment: LOG_LEVEL=WARN pnpm start
quiets their JSON logs.
`;

function number(flag: string, value: string | undefined, integer = false): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || (integer && !Number.isInteger(parsed))) {
    throw new ConfigurationError(
      `--${flag} needs a${integer ? 'n integer' : ' number'}, got "${value}".`,
    );
  }
  return parsed;
}

/** Parses the arguments (without `node` and the script). */
export function parseCliArgs(args: readonly string[]): CliRequest {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        'ws-port': { type: 'string' },
        'http-port': { type: 'string' },
        'dynamodb-port': { type: 'string' },
        'lambda-port': { type: 'string' },
        'dynamodb-endpoint': { type: 'string' },
        host: { type: 'string' },
        stage: { type: 'string' },
        region: { type: 'string' },
        table: { type: 'string' },
        persist: { type: 'string' },
        'poll-interval': { type: 'string' },
        'idle-timeout': { type: 'string' },
        'max-connection': { type: 'string' },
        'on-failure-log': { type: 'string' },
        'drop-disconnects': { type: 'string' },
        'gone-posts': { type: 'string' },
        'throttle-posts': { type: 'string' },
        'duplicate-batches': { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ConfigurationError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return { kind: 'help' };
  const text = (flag: string): string | undefined => {
    const value = values[flag];
    return typeof value === 'string' ? value : undefined;
  };
  const entries: [keyof LocalStackOptions, unknown][] = [
    ['websocketPort', number('ws-port', text('ws-port'), true)],
    ['httpPort', number('http-port', text('http-port'), true)],
    ['dynamodbPort', number('dynamodb-port', text('dynamodb-port'), true)],
    ['lambdaPort', number('lambda-port', text('lambda-port'), true)],
    ['dynamodbEndpoint', text('dynamodb-endpoint')],
    ['host', text('host')],
    ['stage', text('stage')],
    ['region', text('region')],
    ['tableName', text('table')],
    ['persistDir', text('persist')],
    ['pollIntervalMs', number('poll-interval', text('poll-interval'))],
    ['idleTimeoutSeconds', number('idle-timeout', text('idle-timeout'))],
    ['maxConnectionSeconds', number('max-connection', text('max-connection'))],
    ['onFailureLogPath', text('on-failure-log')],
  ];
  const faultEntries: [string, unknown][] = [
    ['dropDisconnectShare', number('drop-disconnects', text('drop-disconnects'))],
    ['postGoneShare', number('gone-posts', text('gone-posts'))],
    ['postThrottleShare', number('throttle-posts', text('throttle-posts'))],
    ['duplicateBatchShare', number('duplicate-batches', text('duplicate-batches'))],
    ['seed', number('seed', text('seed'), true)],
  ];
  const defined = <T>(pairs: [string, T][]): Record<string, T> =>
    Object.fromEntries(pairs.filter(([, value]) => value !== undefined));
  const faults = defined(faultEntries);
  const options = {
    ...defined(entries),
    ...(Object.keys(faults).length > 0 ? { faults } : {}),
  } as LocalStackOptions;
  return { kind: 'start', options, quiet: values.quiet === true };
}
