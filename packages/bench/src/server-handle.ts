/**
 * The parent's side of `server-process.ts`: starts the child, sends it requests, and waits
 * for each reply in turn.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DynamoDbLease, DynamoDbSource } from './dynamodb-source.js';
import type { Reply, Request, ServerSample, StartRequest } from './server-process.js';

/** What to start: the kind of server and its poll interval, and where its table lives. */
export interface ServerOptions extends Omit<StartRequest, 'dynamodbEndpoint'> {
  /** Called only for servers with a table (not the floor). */
  readonly dynamoDb: DynamoDbSource;
}

// The child always runs the built module, also when this file runs from source (tests).
const entry = fileURLToPath(
  new URL(
    import.meta.url.endsWith('.ts') ? '../dist/server-process.js' : './server-process.js',
    import.meta.url,
  ),
);

/** A running benchmark server in its own process. */
export class ServerHandle {
  readonly #child: ChildProcess;
  readonly #dynamoDb: DynamoDbLease | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  public url = '';
  public tableName: string | undefined;

  private constructor(child: ChildProcess, dynamoDb: DynamoDbLease | undefined) {
    this.#child = child;
    this.#dynamoDb = dynamoDb;
  }

  /** Forks the server process and starts the requested server in it. */
  static async start(options: ServerOptions): Promise<ServerHandle> {
    const { dynamoDb: source, ...rest } = options;
    const dynamoDb = rest.kind === 'floor' ? undefined : await source();
    const child = fork(entry, [], {
      execArgv: ['--expose-gc'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      env: { ...process.env, LOG_LEVEL: 'ERROR', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    });
    const handle = new ServerHandle(child, dynamoDb);
    try {
      const start: StartRequest = { ...rest, dynamodbEndpoint: dynamoDb?.endpoint };
      const started = await handle.#request({ type: 'start', start });
      if (started.type !== 'started') throw new Error('server did not start');
      handle.url = started.url;
      handle.tableName = started.tableName;
      return handle;
    } catch (error) {
      child.kill();
      await dynamoDb?.release();
      throw error;
    }
  }

  /** The process id of the DynamoDB Local this server owns, if it owns one. */
  get dynamoDbPid(): number | undefined {
    return this.#dynamoDb?.pid;
  }

  /** The server process's id. */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  async sample(gc = false): Promise<ServerSample> {
    const reply = await this.#request({ type: 'sample', gc });
    if (reply.type !== 'sample') throw new Error('unexpected reply');
    return reply.sample;
  }

  async reset(): Promise<void> {
    await this.#request({ type: 'reset' });
  }

  /** Stops the server, then releases its DynamoDB Local. */
  async stop(): Promise<void> {
    try {
      if (!this.#child.connected) return;
      await this.#request({ type: 'stop' });
      await new Promise<void>((resolve) => {
        if (this.#child.exitCode !== null) resolve();
        else
          this.#child.once('exit', () => {
            resolve();
          });
      });
    } finally {
      await this.#dynamoDb?.release();
    }
  }

  #request(request: Request): Promise<Reply> {
    const next = this.#queue.then(
      () =>
        new Promise<Reply>((resolve, reject) => {
          const onMessage = (reply: Reply): void => {
            cleanup();
            if (reply.type === 'error') reject(new Error(`server process: ${reply.message}`));
            else resolve(reply);
          };
          const onExit = (code: number | null): void => {
            cleanup();
            reject(new Error(`server process exited (${String(code)}) during ${request.type}`));
          };
          const cleanup = (): void => {
            this.#child.off('message', onMessage);
            this.#child.off('exit', onExit);
          };
          this.#child.on('message', onMessage);
          this.#child.once('exit', onExit);
          this.#child.send(request);
        }),
    );
    this.#queue = next.catch(() => undefined);
    return next;
  }
}
