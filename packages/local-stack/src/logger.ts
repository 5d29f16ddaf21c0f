/**
 * Where the local stack reports what it does: one readable line per invocation, plus
 * warnings and errors. A library user passes their own logger; the default is silent.
 */

/** The sink of the stack's messages. */
export interface LocalStackLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** Swallows everything: the default of `startLocalStack`, so tests stay quiet. */
export const silentLogger: LocalStackLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Writes info to stdout and warnings and errors to stderr. */
export const consoleLogger: LocalStackLogger = {
  info: (message) => {
    process.stdout.write(`${message}\n`);
  },
  warn: (message) => {
    process.stderr.write(`${message}\n`);
  },
  error: (message) => {
    process.stderr.write(`${message}\n`);
  },
};

/** One finished invocation of a handler. */
export interface InvocationRecord {
  readonly functionName: string;
  /** The route key (`join`, `GET /rooms/{roomId}/messages`) or `table-stream`. */
  readonly route: string;
  readonly startedAt: number;
  readonly durationMs: number;
  /** The status the caller saw: an HTTP status, or for the stream `ok`, `partial`, `error`. */
  readonly status: number | string;
  /** Extra detail, e.g. the number of records of a stream batch. */
  readonly detail?: string;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** Local wall-clock time with milliseconds: `12:00:01.234`. */
export function clockTime(epochMs: number): string {
  const date = new Date(epochMs);
  return (
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `.${pad(date.getMilliseconds(), 3)}`
  );
}

/** `12:00:01.234 connection-websocket join 12ms 200` */
export function formatInvocation(record: InvocationRecord): string {
  const detail = record.detail === undefined ? '' : ` (${record.detail})`;
  return (
    `${clockTime(record.startedAt)} ${record.functionName} ${record.route}` +
    ` ${Math.round(record.durationMs)}ms ${record.status}${detail}`
  );
}
