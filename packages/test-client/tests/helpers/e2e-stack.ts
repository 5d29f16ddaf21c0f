/**
 * The real backend for end-to-end tests: `startLocalStack()` running the three real services
 * on free ports with its own DynamoDB Local, and participants (real `ChatClient`s that record
 * every event they receive) whose connection ids the test knows.
 */
import { ItemType, type ServerEvent } from '@chat/domain';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '@chat/local-stack';
import {
  ChatClient,
  type ChatClientOptions,
  type ChatMessage,
  type ConnectionEvent,
} from '../../src/index.js';
import type { ServerEventOf } from '../../src/types.js';
import { TableClient } from './aws-http.js';
import { waitFor } from './wait.js';

/**
 * Handler modules are imported once per process and keep the environment (table name,
 * endpoints) of the first stack that loaded them, so a second stack with the real apps in
 * the same process would run against the first one's table. Vitest runs each test file in
 * its own child process (`pool: 'forks'`, isolated), so this holds per file.
 */
let started = false;

/** A connected `ChatClient` and everything it has received. */
export class Participant {
  /** Server events delivered to the client's listeners (after its de-duplication, if on). */
  public readonly events: ServerEvent[] = [];
  /** Connection lifecycle events: drops, reconnects, recovery. */
  public readonly lifecycle: ConnectionEvent[] = [];

  public constructor(
    public readonly name: string,
    public readonly client: ChatClient,
    /** The connection id the gateway gave the first socket (it changes on reconnect). */
    public readonly connectionId: string,
  ) {
    client.on('event', (event) => this.events.push(event));
    client.on('connection', (event) => this.lifecycle.push(event));
  }

  /** Events of one type, in arrival order, optionally only those `match` accepts. */
  public eventsOf<K extends ServerEvent['type']>(
    type: K,
    match: (event: ServerEventOf<K>) => boolean = () => true,
  ): ServerEventOf<K>[] {
    return this.events.filter(
      (event): event is ServerEventOf<K> => event.type === type && match(event as ServerEventOf<K>),
    );
  }

  /** Messages of `message.created` events of a room, in arrival order. */
  public created(roomId: string): ChatMessage[] {
    return this.eventsOf('message.created', (event) => event.message.roomId === roomId).map(
      (event) => event.message,
    );
  }

  /** The room's `message.*` events in arrival order, as `[type, message id]`. */
  public messageEvents(roomId: string): [string, string][] {
    const found: [string, string][] = [];
    for (const event of this.events) {
      if (
        (event.type === 'message.created' ||
          event.type === 'message.updated' ||
          event.type === 'message.deleted') &&
        event.message.roomId === roomId
      ) {
        found.push([event.type, event.message.id]);
      }
    }
    return found;
  }

  /** Waits for the first event of `type` that `match` accepts (already received or not). */
  public waitForEvent<K extends ServerEvent['type']>(
    type: K,
    match: (event: ServerEventOf<K>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ServerEventOf<K>> {
    return waitFor(`${this.name} to receive a ${type} event`, () => this.eventsOf(type, match)[0], {
      timeoutMs,
    });
  }

  /** Waits until the room's `message.created` events include every id in `ids`. */
  public async waitForMessages(
    roomId: string,
    ids: readonly string[],
    timeoutMs = 15_000,
  ): Promise<ChatMessage[]> {
    return waitFor(
      `${this.name} to receive ${ids.length} messages in ${roomId}`,
      () => {
        const received = this.created(roomId);
        const seen = new Set(received.map((message) => message.id));
        return ids.every((id) => seen.has(id)) && received;
      },
      { timeoutMs },
    );
  }
}

/** One running stack with the real services, and the participants of the current test. */
export class E2eStack {
  readonly #participants: Participant[] = [];

  private constructor(
    public readonly stack: LocalStack,
    /** The chat table, read through DynamoDB's API. */
    public readonly table: TableClient,
  ) {}

  /**
   * Starts the stack on free ports with its own DynamoDB Local (fails naming Java when it
   * is missing). Only once per process.
   */
  public static async start(options: LocalStackOptions = {}): Promise<E2eStack> {
    if (started) {
      throw new Error('Only one local stack with the real services can run per test file.');
    }
    started = true;
    // The handlers' Powertools loggers read it; INFO lines per invocation would drown the output.
    process.env.LOG_LEVEL ??= 'WARN';
    const stack = await startLocalStack({
      websocketPort: 0,
      httpPort: 0,
      dynamodbPort: 0,
      lambdaPort: 0,
      ...options,
    });
    return new E2eStack(stack, new TableClient(stack.endpoints.dynamodb, stack.tableName));
  }

  public get endpoints(): LocalStack['endpoints'] {
    return this.stack.endpoints;
  }

  /** Opens a `ChatClient` and learns its connection id from the gateway. */
  public async connect(name: string, options: ChatClientOptions = {}): Promise<Participant> {
    const before = new Set(this.stack.connectionIds());
    const client = await ChatClient.connect(this.endpoints.websocket, options);
    const opened = this.stack.connectionIds().filter((id) => !before.has(id));
    if (opened.length !== 1 || opened[0] === undefined) {
      await client.close();
      throw new Error(`Expected one new connection for ${name}, found ${opened.length}.`);
    }
    const participant = new Participant(name, client, opened[0]);
    this.#participants.push(participant);
    return participant;
  }

  /** Opens a `ChatClient` and joins `roomId` with the display name `name`. */
  public async joined(
    name: string,
    roomId: string,
    options: ChatClientOptions = {},
  ): Promise<Participant> {
    const participant = await this.connect(name, options);
    await participant.client.join(roomId, { name });
    return participant;
  }

  /**
   * Closes every participant of the test. Unless `$disconnect` is being dropped, then waits
   * until the gateway has no open socket and the table no connection record, so the next
   * test starts from a quiet table.
   */
  public async closeAll(options: { waitForDisconnect?: boolean } = {}): Promise<void> {
    const participants = this.#participants.splice(0);
    await Promise.all(participants.map((participant) => participant.client.close()));
    if (options.waitForDisconnect === false) return;
    await waitFor(
      'every connection to be closed and forgotten',
      async () =>
        this.stack.connectionIds().length === 0 &&
        (await this.table.scan()).every((item) => item.type !== ItemType.connection),
      { timeoutMs: 15_000, intervalMs: 50 },
    );
  }

  /** Closes the participants and stops the stack, DynamoDB Local's JVM included. */
  public async stop(): Promise<void> {
    await this.closeAll({ waitForDisconnect: false });
    await this.stack.stop();
  }
}
