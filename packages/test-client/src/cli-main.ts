/**
 * The `chat` command: an interactive terminal chat, or a scripted client for shell scripts
 * and other tools. Streams and the client factory are injected so tests drive it in process.
 */
import { createInterface, type Interface } from 'node:readline';
import { ChatClient } from './chat-client.js';
import { COMMAND_HELP, parseCommand, type ChatCommand } from './cli-commands.js';
import { ChatView, describeError } from './cli-format.js';
import { CHAT_USAGE, ExitCode, parseChatArgs, type ChatCliOptions } from './cli-options.js';
import { ConnectError, ServerError, UsageError } from './errors.js';
import type { ChatClientOptions } from './types.js';

/** The part of `ChatClient` the CLI uses. */
export type ChatCliClient = Pick<
  ChatClient,
  'join' | 'leave' | 'rename' | 'send' | 'edit' | 'delete' | 'history' | 'on' | 'close' | 'rooms'
>;

/** The CLI's surroundings: streams, how to connect, and the interrupt signal. */
export interface ChatCliIo {
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream & { readonly isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream;
  /** Opens the client. Default `ChatClient.connect`. */
  readonly connect?: (url: string, options: ChatClientOptions) => Promise<ChatCliClient>;
  /** Aborted on Ctrl-C or SIGTERM: stops listening and exits cleanly. */
  readonly signal?: AbortSignal;
}

/** Reconnect settings of scripted runs: retry briefly, then fail rather than hang. */
const SCRIPTED_RECONNECT = { baseDelayMs: 250, maxDelayMs: 2000, maxAttempts: 5 } as const;

function line(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}

/** Resolves after `ms`, or when `signal` aborts, or when `stop` is called. */
function waitFor(
  ms: number,
  signal: AbortSignal | undefined,
): { promise: Promise<void>; stop: () => void } {
  let stop: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    stop = done;
    if (signal?.aborted === true) done();
    else signal?.addEventListener('abort', done);
  });
  return { promise, stop };
}

/**
 * Runs `chat` with `argv` (the arguments after the script) and resolves with the exit code.
 * Never throws: every failure becomes a message on stderr and a non-zero code.
 */
export async function runChatCli(argv: readonly string[], io: ChatCliIo): Promise<ExitCode> {
  let options: ChatCliOptions;
  try {
    options = parseChatArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    line(io.stderr, `chat: ${error.message}\n\n${CHAT_USAGE}`);
    return ExitCode.usage;
  }
  if (options.help) {
    line(io.stdout, CHAT_USAGE);
    return ExitCode.ok;
  }
  const connect = io.connect ?? ((url, clientOptions) => ChatClient.connect(url, clientOptions));
  let client: ChatCliClient;
  try {
    client = await connect(options.url, {
      requestTimeoutMs: options.timeoutMs,
      ...(options.scripted ? { reconnect: SCRIPTED_RECONNECT } : {}),
    });
  } catch (error) {
    line(
      io.stderr,
      `chat: ${error instanceof ConnectError ? error.message : describeError(error)}`,
    );
    return ExitCode.connect;
  }
  try {
    return options.scripted
      ? await runScripted(client, options, io)
      : await runInteractive(client, options, io);
  } finally {
    await client.close();
  }
}

async function runScripted(
  client: ChatCliClient,
  options: ChatCliOptions,
  io: ChatCliIo,
): Promise<ExitCode> {
  const view = new ChatView();
  let lost: Error | undefined;
  let stopListening: () => void = () => undefined;
  client.on('event', (event) => {
    if (options.json) line(io.stdout, JSON.stringify(event));
    else for (const text of view.render(event)) line(io.stdout, text);
  });
  client.on('connection', (event) => {
    if (event.type === 'closed' && event.error !== undefined) {
      lost = event.error;
      stopListening();
    }
    const text = view.connection(event);
    if (text !== undefined) line(io.stderr, `chat: ${text.replace(/^! /u, '')}`);
  });
  try {
    await client.join(options.room, options.name === undefined ? {} : { name: options.name });
    if (options.history > 0) await showHistory(client, options.room, options.history);
    for (const text of options.send) await client.send(options.room, text);
  } catch (error) {
    line(io.stderr, `chat: ${describeError(error)}`);
    return ExitCode.failed;
  }
  if (lost === undefined) {
    const forever = options.listen === undefined && options.send.length === 0;
    const listening = waitFor(
      forever ? Number.POSITIVE_INFINITY : (options.listen ?? 0) * 1000,
      io.signal,
    );
    stopListening = listening.stop;
    await listening.promise;
  }
  if (lost !== undefined) {
    line(io.stderr, `chat: ${describeError(lost)}`);
    return ExitCode.failed;
  }
  return ExitCode.ok;
}

/** Requests the `count` most recent messages; the reply is shown by the event listener. */
async function showHistory(client: ChatCliClient, roomId: string, count: number): Promise<void> {
  await client.history(roomId, { limit: Math.min(count, 100) });
}

async function runInteractive(
  client: ChatCliClient,
  options: ChatCliOptions,
  io: ChatCliIo,
): Promise<ExitCode> {
  const view = new ChatView();
  const terminal = io.stdout.isTTY === true;
  let current = options.room;
  const session: { rl?: Interface; failed: boolean } = { failed: false };
  const print = (text: string): void => {
    const { rl } = session;
    if (rl !== undefined && terminal) {
      // Write above the prompt, then redraw the prompt and what was typed so far.
      io.stdout.write('\r\u001b[2K');
      line(io.stdout, text);
      rl.prompt(true);
    } else {
      line(io.stdout, text);
    }
  };
  client.on('event', (event) => {
    for (const text of view.render(event)) print(text);
  });
  client.on('connection', (event) => {
    const text = view.connection(event);
    if (text !== undefined) print(text);
    if (event.type === 'closed' && event.error !== undefined) {
      session.failed = true;
      session.rl?.close();
    }
  });
  try {
    await client.join(current, options.name === undefined ? {} : { name: options.name });
    if (options.history > 0) await showHistory(client, current, options.history);
  } catch (error) {
    line(io.stderr, `chat: ${describeError(error)}`);
    return ExitCode.failed;
  }
  const interface_ = createInterface({
    input: io.stdin,
    output: io.stdout,
    terminal,
    prompt: `${current}> `,
  });
  session.rl = interface_;
  interface_.on('SIGINT', () => {
    interface_.close();
  });
  const onAbort = (): void => {
    interface_.close();
  };
  io.signal?.addEventListener('abort', onAbort);
  // A prompt helps a person at a terminal; in piped output it would only glue lines together.
  const prompt = (): void => {
    if (terminal) interface_.prompt();
  };
  print('type a message and press Enter; /help lists commands');
  prompt();
  try {
    for await (const input of interface_) {
      const command = parseCommand(input);
      if (command.kind === 'quit') break;
      try {
        current = await execute(command, { client, view, current, print });
        interface_.setPrompt(`${current}> `);
      } catch (error) {
        // A server's `error` reply has been shown already, as the event it also is.
        if (!(error instanceof ServerError)) print(`! ${describeError(error)}`);
      }
      prompt();
    }
  } finally {
    io.signal?.removeEventListener('abort', onAbort);
    interface_.close();
  }
  return session.failed ? ExitCode.failed : ExitCode.ok;
}

interface CommandContext {
  readonly client: ChatCliClient;
  readonly view: ChatView;
  readonly current: string;
  readonly print: (text: string) => void;
}

/** Carries out one interactive command; resolves with the current room afterwards. */
async function execute(command: ChatCommand, context: CommandContext): Promise<string> {
  const { client, view, current, print } = context;
  switch (command.kind) {
    case 'empty':
      return current;
    case 'say':
      await client.send(current, command.text);
      return current;
    case 'edit':
    case 'delete': {
      const ref = view.resolve(command.target, current);
      if (ref === undefined) {
        print(`! no message ${command.target}; use #n as shown, or a message id`);
        return current;
      }
      if (command.kind === 'edit') await client.edit(ref.roomId, ref.messageId, command.text);
      else await client.delete(ref.roomId, ref.messageId);
      return current;
    }
    case 'rename':
      await client.rename(command.name);
      return current;
    case 'join':
      await client.join(command.roomId);
      return command.roomId;
    case 'leave': {
      const roomId = command.roomId ?? current;
      await client.leave(roomId);
      if (roomId !== current) return current;
      const next = client.rooms[0];
      if (next === undefined) print('! you are in no room now; /join ROOM to continue');
      return next ?? current;
    }
    case 'room':
      if (!client.rooms.includes(command.roomId)) {
        print(`! not in ${command.roomId}; /join ${command.roomId} first`);
        return current;
      }
      return command.roomId;
    case 'history':
      await showHistory(client, current, command.count ?? 20);
      return current;
    case 'help':
      print(COMMAND_HELP);
      return current;
    case 'invalid':
      print(`! ${command.message}`);
      return current;
    case 'quit':
      return current;
  }
}
