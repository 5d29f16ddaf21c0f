/**
 * The `chat` command line: options, defaults and usage text. Pure: it reads only `argv`.
 */
import { parseArgs } from 'node:util';
import { COMMAND_HELP } from './cli-commands.js';
import { UsageError } from './errors.js';

/** The local stack's WebSocket endpoint, the default `--url`. */
export const DEFAULT_CHAT_URL = 'ws://127.0.0.1:3001/local';

/** Exit codes of `chat` and `chat-load`. */
export const ExitCode = {
  ok: 0,
  /** The server rejected an action, refused a frame, or the connection was lost for good. */
  failed: 1,
  /** The command line is wrong. */
  usage: 2,
  /** The WebSocket could not be opened. */
  connect: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Parsed options of `chat`. */
export interface ChatCliOptions {
  readonly url: string;
  readonly room: string;
  readonly name: string | undefined;
  /** Messages to send in order, each after the previous one's ack. */
  readonly send: readonly string[];
  /** Seconds to keep printing events after the sends; `undefined` when not given. */
  readonly listen: number | undefined;
  /** One server event per line on stdout, as JSON, and nothing else on stdout. */
  readonly json: boolean;
  /** Recent messages to show after joining. */
  readonly history: number;
  /** Per-request timeout, in milliseconds. */
  readonly timeoutMs: number;
  /** Scripted (sends, listens, or JSON) rather than interactive. */
  readonly scripted: boolean;
  readonly help: boolean;
}

export const CHAT_USAGE = `Usage: chat [options]

Chat in a room of the chat backend, at a terminal or from a script.

Interactive:   chat --room lobby --name alice
Scripted:      chat --room lobby --name bot --send "hello" --send "bye" --listen 5 --json

Options:
  --url URL          WebSocket URL (default ${DEFAULT_CHAT_URL}, the local stack)
  --room ROOM        room to join (default lobby)
  --name NAME        display name
  --send TEXT        send TEXT and wait for its ack; repeat to send several, in order
  --listen SECONDS   after sending, print events for SECONDS (0 to exit at once)
  --json             print each server event as one line of JSON on stdout, nothing else
  --history N        show the N most recent messages after joining
                     (default 20 interactive, 0 scripted)
  --timeout SECONDS  per-request timeout (default 10)
  -h, --help         show this help

Scripted mode (--send, --listen or --json) exits 0 on success, 1 when the server rejects
an action or the connection is lost, 2 on a usage error and 3 when it cannot connect.
--json without --send or --listen prints events until interrupted.

Interactive commands:
${COMMAND_HELP}`;

function toNumber(
  option: string,
  raw: string | undefined,
  rule: { integer?: boolean; min: number },
): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < rule.min) {
    throw new UsageError(`--${option} must be a number of at least ${rule.min}, got "${raw}"`);
  }
  if (rule.integer === true && !Number.isInteger(value)) {
    throw new UsageError(`--${option} must be a whole number, got "${raw}"`);
  }
  return value;
}

/**
 * Parses the arguments of `chat` (without `node` and the script).
 *
 * @throws {UsageError} on an unknown option or a malformed value.
 */
export function parseChatArgs(argv: readonly string[]): ChatCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        room: { type: 'string' },
        name: { type: 'string' },
        send: { type: 'string', multiple: true },
        listen: { type: 'string' },
        json: { type: 'boolean' },
        history: { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const send = values.send ?? [];
  const listen = toNumber('listen', values.listen, { min: 0 });
  const json = values.json ?? false;
  const scripted = send.length > 0 || listen !== undefined || json;
  return {
    url: values.url ?? DEFAULT_CHAT_URL,
    room: values.room ?? 'lobby',
    name: values.name,
    send,
    listen,
    json,
    history: toNumber('history', values.history, { integer: true, min: 0 }) ?? (scripted ? 0 : 20),
    timeoutMs: (toNumber('timeout', values.timeout, { min: 0.001 }) ?? 10) * 1000,
    scripted,
    help: values.help ?? false,
  };
}
