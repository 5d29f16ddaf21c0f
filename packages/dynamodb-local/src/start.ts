/**
 * Starts and stops DynamoDB Local: AWS's own emulator, run as a JVM child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { resolve as resolvePath } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { forget, reapOnExit } from './child-reaper.js';
import { localClientConfig } from './client-config.js';
import { emulatorFiles } from './emulator.js';
import { DynamoDbLocalStartError, JavaRequiredError } from './errors.js';
import { findFreePort } from './free-port.js';
import { holdsListeningSocket } from './listener.js';

/** Options of `startDynamoDbLocal`. */
export interface DynamoDbLocalOptions {
  /** Port to listen on; `0` or absent picks a free one. */
  readonly port?: number;
  /**
   * Host name clients use in the endpoint; default `127.0.0.1`. DynamoDB Local itself has
   * no bind option and listens on every interface.
   */
  readonly host?: string;
  /** Folder for a database that survives restarts; absent runs in memory (`-inMemory`). */
  readonly dbPath?: string;
  /**
   * One database for every credential and region (`-sharedDb`), default `true`: tests,
   * services and the local stack each build their own clients, and without it a client with
   * other credentials or another region would see an empty database.
   */
  readonly sharedDb?: boolean;
  /** The Java executable; default `java` from the PATH. */
  readonly javaCommand?: string;
  /** JVM options placed before `-jar`; default keeps the heap modest. */
  readonly jvmOptions?: readonly string[];
  /** How long to wait for the first answer; default 60 s (a JVM on a busy CI box is slow). */
  readonly startTimeoutMs?: number;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** `http://{host}:{port}`, for the SDK's `endpoint` setting. */
  readonly endpoint: string;
  readonly port: number;
  /** Process id of the JVM. */
  readonly pid: number;
  /** Stops the JVM and resolves once it has exited. Safe to call more than once. */
  stop(): Promise<void>;
}

/** JVM settings: a small heap, and a single-threaded collector on small CI machines. */
export const DEFAULT_JVM_OPTIONS: readonly string[] = [
  '-Xms64m',
  '-Xmx512m',
  '-XX:+UseSerialGC',
  '-XX:TieredStopAtLevel=1',
];

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_START_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const POLL_INTERVAL_MS = 100;
const OUTPUT_TAIL_BYTES = 8 * 1024;
const PORT_ATTEMPTS = 3;
/** Where `/proc` cannot show who listens: how long a bind failure may take to show. */
const UNVERIFIED_BIND_GRACE_MS = 3_000;

/**
 * Starts DynamoDB Local and resolves once it answers `ListTables`.
 *
 * @throws {JavaRequiredError} when `java` is missing or older than 11.
 * @throws {DynamoDbLocalStartError} when the JVM exits early or never answers.
 */
export async function startDynamoDbLocal(
  options: DynamoDbLocalOptions = {},
): Promise<DynamoDbLocal> {
  const host = options.host ?? DEFAULT_HOST;
  const fixedPort = options.port !== undefined && options.port !== 0 ? options.port : undefined;
  const dbPath = options.dbPath === undefined ? undefined : resolvePath(options.dbPath);
  if (dbPath !== undefined) await mkdir(dbPath, { recursive: true });
  for (let attempt = 1; ; attempt += 1) {
    const port = fixedPort ?? (await findFreePort(host));
    try {
      return await launch({ options, host, port, dbPath });
    } catch (error: unknown) {
      // Another process may take a port between our check and the JVM's bind.
      const portTaken = error instanceof DynamoDbLocalStartError && bindFailed(error.output);
      if (fixedPort !== undefined || !portTaken || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

interface LaunchSettings {
  readonly options: DynamoDbLocalOptions;
  readonly host: string;
  readonly port: number;
  /** Absolute, or `undefined` for in memory. */
  readonly dbPath: string | undefined;
}

async function launch(settings: LaunchSettings): Promise<DynamoDbLocal> {
  const files = emulatorFiles();
  const { options } = settings;
  const javaCommand = options.javaCommand ?? 'java';
  const args = [
    ...(options.jvmOptions ?? DEFAULT_JVM_OPTIONS),
    `-Djava.library.path=${files.libraryPath}`,
    '-jar',
    files.jar,
    ...(settings.dbPath === undefined ? ['-inMemory'] : ['-dbPath', settings.dbPath]),
    ...(options.sharedDb === false ? [] : ['-sharedDb']),
    '-disableTelemetry',
    '-port',
    String(settings.port),
  ];
  const child = spawn(javaCommand, args, {
    cwd: files.directory,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new OutputTail(OUTPUT_TAIL_BYTES);
  child.stdout.on('data', (chunk: Buffer) => {
    output.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output.push(chunk);
  });

  const spawned = await spawnResult(child);
  if (spawned !== undefined) {
    if (spawned.code === 'ENOENT')
      throw new JavaRequiredError(javaCommand, 'missing', { cause: spawned });
    throw new DynamoDbLocalStartError(`Could not run "${javaCommand}": ${spawned.message}`, '', {
      cause: spawned,
    });
  }
  reapOnExit(child);
  // A forgotten instance must not keep its parent alive; the reaper kills it on exit.
  child.unref();
  unrefStream(child.stdout);
  unrefStream(child.stderr);

  const endpoint = `http://${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`;
  const stop = stopper(child);
  try {
    await waitUntilAnswering(
      endpoint,
      child,
      output,
      options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS,
    );
  } catch (error: unknown) {
    await stop();
    const text = output.text();
    if (text.includes('UnsupportedClassVersionError')) {
      throw new JavaRequiredError(javaCommand, 'too-old', { cause: error });
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw new DynamoDbLocalStartError(`DynamoDB Local did not start: ${reason}`, text, {
      cause: error,
    });
  }
  return { endpoint, port: settings.port, pid: child.pid ?? -1, stop };
}

function unrefStream(stream: NodeJS.ReadableStream): void {
  // Child stdio pipes are sockets; the Readable type does not say so.
  (stream as Partial<Socket>).unref?.();
}

/** Resolves `undefined` once the process runs, or the spawn error (e.g. ENOENT). */
function spawnResult(child: ChildProcess): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    child.once('spawn', () => {
      resolve(undefined);
    });
    child.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error);
    });
  });
}

/**
 * Waits until this JVM answers ListTables. DynamoDB Local does not exit when its port is
 * taken (only its main thread dies), so an answer alone could come from another server on
 * that port: the JVM must also hold the listening socket (checked through `/proc` on
 * Linux; elsewhere, no bind failure may show within a grace period after the first answer).
 */
async function waitUntilAnswering(
  endpoint: string,
  child: ChildProcess,
  output: OutputTail,
  timeoutMs: number,
): Promise<void> {
  const client = new DynamoDBClient({
    ...localClientConfig(endpoint),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 },
  });
  const port = Number(new URL(endpoint).port);
  const pid = child.pid ?? -1;
  const deadline = Date.now() + timeoutMs;
  const check = (): void => {
    if (bindFailed(output.text())) throw new Error(`port ${port} is taken`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the JVM exited (${child.exitCode ?? child.signalCode ?? 'unknown'})`);
    }
    if (Date.now() > deadline) throw new Error(`no answer within ${timeoutMs} ms`);
  };
  try {
    for (;;) {
      check();
      const listening = await holdsListeningSocket(pid, port);
      if (listening !== false) {
        const answered = await client.send(new ListTablesCommand({ Limit: 1 })).then(
          () => true,
          () => false,
        );
        if (answered) {
          if (listening === undefined) await sleep(UNVERIFIED_BIND_GRACE_MS);
          check();
          return;
        }
      }
      await sleep(POLL_INTERVAL_MS);
    }
  } finally {
    client.destroy();
  }
}

function bindFailed(output: string): boolean {
  return output.includes('BindException') || output.includes('Failed to bind');
}

/** A `stop()` that ends the JVM (SIGTERM, then SIGKILL) and waits for its exit. */
function stopper(child: ChildProcess): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        // Hold the event loop open until the exit is observed.
        child.ref();
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        try {
          await exited;
        } finally {
          clearTimeout(timer);
        }
      }
      forget(child);
    })();
    return stopping;
  };
}

/** The last `limit` bytes a process wrote. */
class OutputTail {
  #chunks: Buffer[] = [];
  #bytes = 0;

  public constructor(private readonly limit: number) {}

  public push(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#bytes += chunk.length;
    while (this.#bytes > this.limit && this.#chunks.length > 1) {
      this.#bytes -= this.#chunks.shift()?.length ?? 0;
    }
  }

  public text(): string {
    return Buffer.concat(this.#chunks).toString('utf8').trim();
  }
}
