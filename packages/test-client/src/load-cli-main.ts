/**
 * The `chat-load` command: runs `runLoad` from the command line and prints its report as
 * text, or as JSON with `--json`. Progress goes to stderr so stdout holds only the report.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_CHAT_URL, ExitCode } from './cli-options.js';
import { UsageError } from './errors.js';
import { runLoad, type LoadOptions } from './load.js';
import { formatLoadReport, type LoadReport } from './load-report.js';

export const LOAD_USAGE = `Usage: chat-load [options]

Opens N clients over R rooms (client i joins room i mod R), sends at a total rate for a
duration, and reports sent, acked, delivered, lost and duplicated messages and the latency
from send to each receipt.

Options:
  --url URL           WebSocket URL (default ${DEFAULT_CHAT_URL})
  --clients N         clients (default 10)
  --rooms R           rooms (default 2)
  --rate M            messages per second over all clients (default 10)
  --duration SECONDS  measured window (default 10)
  --warmup SECONDS    sending before the measured window, not counted (default 0)
  --drain SECONDS     longest wait for the last acks and deliveries (default 5)
  --batch N           clients connected at once (default 100)
  --size BYTES        pad each message to about BYTES (default: no padding)
  --json              print the report as JSON
  -h, --help          show this help

Exit code 0 when the run completes, 1 when no client could connect, 2 on a usage error.`;

/** The load generator's surroundings. */
export interface LoadCliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  /** Aborted on Ctrl-C: stops sending, then drains and reports. */
  readonly signal?: AbortSignal;
  /** Runs the load. Default `runLoad`. */
  readonly run?: (options: LoadOptions) => Promise<LoadReport>;
}

function toNumber(option: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min) {
    throw new UsageError(`--${option} must be a number of at least ${min}, got "${raw}"`);
  }
  return value;
}

/** Parses the arguments of `chat-load` into `runLoad` options (plus `json` and `help`). */
export function parseLoadArgs(argv: readonly string[]): {
  options: LoadOptions;
  json: boolean;
  help: boolean;
} {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        clients: { type: 'string' },
        rooms: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        drain: { type: 'string' },
        batch: { type: 'string' },
        size: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const integer = (option: string, raw: string | undefined, fallback: number, min: number) => {
    const value = toNumber(option, raw, fallback, min);
    if (!Number.isInteger(value)) throw new UsageError(`--${option} must be a whole number`);
    return value;
  };
  const clients = integer('clients', values.clients, 10, 1);
  const rooms = integer('rooms', values.rooms, Math.min(2, clients), 1);
  if (rooms > clients) throw new UsageError(`--rooms (${rooms}) must not exceed --clients`);
  return {
    options: {
      url: values.url ?? DEFAULT_CHAT_URL,
      clients,
      rooms,
      rate: toNumber('rate', values.rate, 10, 0.001),
      durationMs: toNumber('duration', values.duration, 10, 0.001) * 1000,
      warmupMs: toNumber('warmup', values.warmup, 0, 0) * 1000,
      drainMs: toNumber('drain', values.drain, 5, 0) * 1000,
      connectBatchSize: integer('batch', values.batch, 100, 1),
      messageBytes: integer('size', values.size, 0, 0),
    },
    json: values.json ?? false,
    help: values.help ?? false,
  };
}

/** Runs `chat-load` with `argv` and resolves with the exit code. */
export async function runLoadCli(argv: readonly string[], io: LoadCliIo): Promise<ExitCode> {
  let parsed;
  try {
    parsed = parseLoadArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`chat-load: ${error.message}\n\n${LOAD_USAGE}\n`);
    return ExitCode.usage;
  }
  if (parsed.help) {
    io.stdout.write(`${LOAD_USAGE}\n`);
    return ExitCode.ok;
  }
  const run = io.run ?? runLoad;
  const report = await run({
    ...parsed.options,
    ...(io.signal === undefined ? {} : { signal: io.signal }),
    onProgress: (progress) => {
      io.stderr.write(
        `chat-load: ${progress.phase} (${progress.connected} connected, ${progress.sent} sent)\n`,
      );
    },
  });
  io.stdout.write(
    parsed.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatLoadReport(report)}\n`,
  );
  if (report.connected === 0) {
    io.stderr.write(`chat-load: no client could connect to ${report.url}\n`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}
