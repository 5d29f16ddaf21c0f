/**
 * `ChatClient`: a protocol v1 client that stays connected the way a production client must.
 * It correlates replies by `requestId`, validates frames before sending, sends a heartbeat,
 * reconnects with backoff, rejoins its rooms, catches up on missed messages through history,
 * and drops duplicate message events.
 */
import {
  ClientActionName,
  MAX_HISTORY_PAGE,
  messageIdTime,
  parseClientFrame,
  parseServerEvent,
  ServerEventType,
  type AckEvent,
  type ClientActionInput,
  type HistoryEvent,
  type JoinedEvent,
  type LeftEvent,
  type PongEvent,
  type ServerEvent,
} from '@chat/domain';
import { backoffDelay } from './backoff.js';
import {
  ClientClosedError,
  ConnectError,
  FrameRejectedError,
  NotConnectedError,
  RequestTimeoutError,
  ServerError,
  UnexpectedReplyError,
} from './errors.js';
import { EventQueue } from './event-queue.js';
import { SeenIds } from './seen-ids.js';
import {
  defaultWebSocketFactory,
  factoryFromConstructor,
  SocketState,
  type WebSocketConstructor,
  type WebSocketFactory,
  type WebSocketLike,
} from './transport.js';
import {
  ConnectionState,
  WhileDisconnected,
  type ChatClientEventMap,
  type ChatClientOptions,
  type ConnectionEvent,
  type ReconnectOptions,
  type ServerEventOf,
} from './types.js';

/** A message as the server sends it. */
export type ChatMessage = HistoryEvent['messages'][number];

type MessageEvent = ServerEventOf<'message.created' | 'message.updated' | 'message.deleted'>;

/** Defaults of `ChatClientOptions`. */
export const CHAT_CLIENT_DEFAULTS = {
  connectTimeoutMs: 10_000,
  requestTimeoutMs: 10_000,
  heartbeatIntervalMs: 5 * 60_000,
  reconnect: { baseDelayMs: 500, maxDelayMs: 30_000, maxAttempts: Number.POSITIVE_INFINITY },
  whileDisconnected: WhileDisconnected.queue,
  maxQueuedRequests: 1000,
  dedupe: true,
  seenIdsCapacity: 10_000,
  catchUpMaxPages: 20,
  catchUpOverlapMs: 5000,
} as const;

/** A client-initiated close waits at most this long for the server's close frame. */
const CLOSE_WAIT_MS = 2000;
/** Close code the client uses when it gives up on a socket (heartbeat without pong). */
const CLOSE_UNRESPONSIVE = 4000;

interface Request {
  readonly requestId: string;
  readonly input: ClientActionInput;
  readonly action: ClientActionInput['action'];
  readonly frame: string;
  readonly expected: ServerEventType;
  /** Sent by the client itself (rejoin, catch-up, heartbeat): its reply is not an event. */
  readonly internal: boolean;
  readonly resolve: (event: ServerEvent) => void;
  readonly reject: (error: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
}

interface RoomState {
  /** Highest message id delivered in the room. */
  lastSeenId: string | undefined;
  /** When the client first joined (server time, epoch ms): catch-up never reads earlier. */
  readonly sinceMs: number;
}

interface RequestOptions {
  readonly internal?: boolean;
}

type Listener<T> = (event: T) => void;

/** Options of `historyPages` and `allHistory`. */
export interface HistoryPagingOptions {
  /** Messages per page, 1 to `MAX_HISTORY_PAGE`. Default `MAX_HISTORY_PAGE`. */
  readonly pageSize?: number;
  /** Start below this message id. Default: the newest message. */
  readonly before?: string;
  /** Stop after this many pages. Default unlimited. */
  readonly maxPages?: number;
}

function isMessageEvent(event: ServerEvent): event is MessageEvent {
  return (
    event.type === ServerEventType.messageCreated ||
    event.type === ServerEventType.messageUpdated ||
    event.type === ServerEventType.messageDeleted
  );
}

/** The de-duplication key of a message event: kind, id, and for an edit its time. */
function dedupeKey(event: MessageEvent): string {
  const { message } = event;
  return event.type === ServerEventType.messageUpdated
    ? `${event.type}:${message.id}:${message.editedAt ?? ''}`
    : `${event.type}:${message.id}`;
}

function reportListenerError(error: unknown): void {
  const report = (globalThis as { reportError?: (error: unknown) => void }).reportError;
  if (typeof report === 'function') report(error);
  else console.error(error);
}

/**
 * A random uuid v4. Browsers offer `crypto.randomUUID` only on secure origins (https,
 * localhost), so a page served over plain http builds one from `getRandomValues`.
 */
export function newClientMessageId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Lets Node exit while only this timer is pending; browsers' numeric timers need nothing. */
function unrefTimer(timer: unknown): void {
  if (typeof timer === 'object' && timer !== null && 'unref' in timer) {
    const { unref } = timer;
    if (typeof unref === 'function') unref.call(timer);
  }
}

/**
 * A chat client speaking protocol v1 over one WebSocket at a time.
 *
 * @example
 * ```ts
 * const client = await ChatClient.connect('ws://127.0.0.1:3001/local');
 * client.on('message.created', ({ message }) => console.log(message.authorName, message.text));
 * await client.join('lobby', { name: 'alice' });
 * const ack = await client.send('lobby', 'hello');
 * await client.close();
 * ```
 */
export class ChatClient {
  /** The WebSocket URL the client connects to. */
  public readonly url: string;

  readonly #factory: WebSocketFactory;
  readonly #protocols: string | string[] | undefined;
  readonly #connectTimeoutMs: number;
  readonly #requestTimeoutMs: number;
  readonly #heartbeatIntervalMs: number | false;
  readonly #reconnect: ReconnectOptions | false;
  readonly #whileDisconnected: WhileDisconnected;
  readonly #maxQueuedRequests: number;
  readonly #dedupe: boolean;
  readonly #catchUpMaxPages: number;
  readonly #catchUpOverlapMs: number;
  readonly #random: () => number;

  #socket: WebSocketLike | undefined;
  #state: ConnectionState = ConnectionState.connecting;
  /** True while rooms are being rejoined after a reconnect: user requests wait. */
  #recovering = false;
  #closeRequested = false;
  readonly #inFlight = new Map<string, Request>();
  readonly #queue: Request[] = [];
  readonly #rooms = new Map<string, RoomState>();
  /** Live message events held per room while its history is being caught up. */
  readonly #catchUpBuffers = new Map<string, MessageEvent[]>();
  /** The display name the caller chose (join `name` or `rename`), reused on rejoin. */
  #name: string | undefined;
  readonly #seen: SeenIds;
  readonly #listeners = new Map<keyof ChatClientEventMap, Set<Listener<never>>>();
  readonly #iterators = new Set<EventQueue<ServerEvent>>();
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #wakeReconnect: (() => void) | undefined;
  readonly #idPrefix: string;
  #requestCounter = 0;

  private constructor(url: string, factory: WebSocketFactory, options: ChatClientOptions) {
    this.url = url;
    this.#factory = factory;
    this.#protocols = options.protocols;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? CHAT_CLIENT_DEFAULTS.connectTimeoutMs;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? CHAT_CLIENT_DEFAULTS.requestTimeoutMs;
    this.#heartbeatIntervalMs =
      options.heartbeatIntervalMs ?? CHAT_CLIENT_DEFAULTS.heartbeatIntervalMs;
    this.#reconnect =
      options.reconnect === false
        ? false
        : { ...CHAT_CLIENT_DEFAULTS.reconnect, ...(options.reconnect ?? {}) };
    this.#whileDisconnected = options.whileDisconnected ?? CHAT_CLIENT_DEFAULTS.whileDisconnected;
    this.#maxQueuedRequests = options.maxQueuedRequests ?? CHAT_CLIENT_DEFAULTS.maxQueuedRequests;
    this.#dedupe = options.dedupe ?? CHAT_CLIENT_DEFAULTS.dedupe;
    this.#seen = new SeenIds(options.seenIdsCapacity ?? CHAT_CLIENT_DEFAULTS.seenIdsCapacity);
    this.#catchUpMaxPages = options.catchUpMaxPages ?? CHAT_CLIENT_DEFAULTS.catchUpMaxPages;
    this.#catchUpOverlapMs = options.catchUpOverlapMs ?? CHAT_CLIENT_DEFAULTS.catchUpOverlapMs;
    this.#random = options.random ?? Math.random;
    this.#idPrefix = Math.floor(this.#random() * 36 ** 6)
      .toString(36)
      .padStart(6, '0');
  }

  /**
   * Opens a connection and resolves with a ready client.
   *
   * @throws {ConnectError} when the handshake fails or times out (the first connection is
   * not retried; reconnects after a drop are).
   */
  public static async connect(url: string, options: ChatClientOptions = {}): Promise<ChatClient> {
    const factory = await resolveFactory(options.webSocket);
    const client = new ChatClient(url, factory, options);
    await client.#open();
    client.#state = ConnectionState.open;
    client.#startHeartbeat();
    return client;
  }

  /** The connection state. */
  public get state(): ConnectionState {
    return this.#state;
  }

  /** The rooms joined (and rejoined after each reconnect). */
  public get rooms(): readonly string[] {
    return [...this.#rooms.keys()];
  }

  /** Requests queued while disconnected, waiting to be sent. */
  public get queuedRequests(): number {
    return this.#queue.length;
  }

  /** Joins a room, optionally setting the display name first. Resolves with `joined`. */
  public join(roomId: string, options: { readonly name?: string } = {}): Promise<JoinedEvent> {
    const { name } = options;
    return this.#request(
      { action: ClientActionName.join, roomId, ...(name === undefined ? {} : { name }) },
      ServerEventType.joined,
    );
  }

  /** Leaves a room. Resolves with `left`. */
  public leave(roomId: string): Promise<LeftEvent> {
    return this.#request({ action: ClientActionName.leave, roomId }, ServerEventType.left);
  }

  /** Changes the display name in every room. Resolves with the `ack` (its `name` is the new one). */
  public rename(name: string): Promise<AckEvent> {
    return this.#request({ action: ClientActionName.rename, name }, ServerEventType.ack);
  }

  /**
   * Sends a message. A `clientMessageId` is generated unless given; a queued or retried
   * send keeps it, so the server stores the message once. Resolves with the `ack`.
   */
  public send(
    roomId: string,
    text: string,
    options: { readonly clientMessageId?: string } = {},
  ): Promise<AckEvent> {
    const clientMessageId = options.clientMessageId ?? newClientMessageId();
    return this.#request(
      { action: ClientActionName.sendMessage, roomId, text, clientMessageId },
      ServerEventType.ack,
    );
  }

  /** Replaces the text of one of the client's own messages. Resolves with the `ack`. */
  public edit(roomId: string, messageId: string, text: string): Promise<AckEvent> {
    return this.#request(
      { action: ClientActionName.editMessage, roomId, messageId, text },
      ServerEventType.ack,
    );
  }

  /** Deletes one of the client's own messages (a tombstone stays). Resolves with the `ack`. */
  public delete(roomId: string, messageId: string): Promise<AckEvent> {
    return this.#request(
      { action: ClientActionName.deleteMessage, roomId, messageId },
      ServerEventType.ack,
    );
  }

  /** One page of a room's history, newest first; pass `nextBefore` as `before` for the next. */
  public history(
    roomId: string,
    options: { readonly limit?: number; readonly before?: string } = {},
  ): Promise<HistoryEvent> {
    const { limit, before } = options;
    return this.#request(
      {
        action: ClientActionName.history,
        roomId,
        ...(limit === undefined ? {} : { limit }),
        ...(before === undefined ? {} : { before }),
      },
      ServerEventType.history,
    );
  }

  /** A room's history page by page, newest first, until the oldest message. */
  public async *historyPages(
    roomId: string,
    options: HistoryPagingOptions = {},
  ): AsyncGenerator<HistoryEvent, void, undefined> {
    const limit = options.pageSize ?? MAX_HISTORY_PAGE;
    const maxPages = options.maxPages ?? Number.POSITIVE_INFINITY;
    let before = options.before;
    for (let page = 0; page < maxPages; page += 1) {
      const reply = await this.history(roomId, {
        limit,
        ...(before === undefined ? {} : { before }),
      });
      yield reply;
      if (reply.nextBefore === undefined) return;
      before = reply.nextBefore;
    }
  }

  /** Every message of a room's history, newest first, fetched a page at a time. */
  public async *allHistory(
    roomId: string,
    options: HistoryPagingOptions = {},
  ): AsyncGenerator<ChatMessage, void, undefined> {
    for await (const page of this.historyPages(roomId, options)) yield* page.messages;
  }

  /** Sends a `ping`. Resolves with the `pong`. */
  public ping(): Promise<PongEvent> {
    return this.#request({ action: ClientActionName.ping }, ServerEventType.pong);
  }

  /**
   * Sends any action and resolves with its reply, whatever its type (server `error`
   * replies still reject). Validated like every other request.
   */
  public request(action: ClientActionInput): Promise<ServerEvent> {
    return this.#request(action, undefined);
  }

  /**
   * Sends a raw text frame as is: no validation, no correlation. For tests of the server's
   * handling of bad frames; replies arrive as events.
   *
   * @throws {NotConnectedError} when the socket is not open.
   */
  public sendRaw(data: string): void {
    const socket = this.#socket;
    if (socket?.readyState !== SocketState.OPEN) throw new NotConnectedError();
    socket.send(data);
  }

  /**
   * Calls `listener` for each event of `type`: a server event type, `event` for every
   * server event, or `connection` for lifecycle changes. Returns the unsubscribe function.
   */
  public on<K extends keyof ChatClientEventMap>(
    type: K,
    listener: (event: ChatClientEventMap[K]) => void,
  ): () => void {
    let set = this.#listeners.get(type);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(type, set);
    }
    const stored = listener as Listener<never>;
    set.add(stored);
    return () => {
      set.delete(stored);
    };
  }

  /**
   * Server events from now on, as an async iterator. It ends when the client closes; stop
   * early with `break`. Events wait in memory until read.
   */
  public events(): AsyncIterableIterator<ServerEvent> {
    const queue = new EventQueue<ServerEvent>(() => {
      this.#iterators.delete(queue);
    });
    if (this.#state === ConnectionState.closed) queue.end();
    else this.#iterators.add(queue);
    return queue;
  }

  /**
   * Closes the connection for good: no reconnect, pending and queued requests reject with
   * `ClientClosedError`, event iterators end. Resolves once the socket is closed.
   */
  public async close(code = 1000, reason = ''): Promise<void> {
    if (this.#closeRequested) return;
    this.#closeRequested = true;
    this.#stopHeartbeat();
    this.#wakeReconnect?.();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket !== undefined && socket.readyState < SocketState.CLOSING) {
      const closed = new Promise<void>((resolve) => {
        socket.addEventListener('close', () => {
          resolve();
        });
        unrefTimer(setTimeout(resolve, CLOSE_WAIT_MS));
      });
      socket.close(code, reason);
      await closed;
    }
    this.#finish(new ClientClosedError());
  }

  async #open(): Promise<void> {
    const socket = this.#factory(this.url, this.#protocols);
    this.#socket = socket;
    socket.addEventListener('message', (event) => {
      if (socket === this.#socket) this.#onFrame(event.data);
    });
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const fail = (detail: string): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (this.#socket === socket) this.#socket = undefined;
        reject(new ConnectError(this.url, detail));
      };
      const timer = setTimeout(() => {
        fail(`no handshake within ${this.#connectTimeoutMs} ms`);
        socket.close();
      }, this.#connectTimeoutMs);
      socket.addEventListener('open', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve();
      });
      socket.addEventListener('error', (event) => {
        fail(describeSocketError(event));
      });
      socket.addEventListener('close', (event) => {
        if (!settled) {
          fail(`closed during the handshake (code ${event.code})`);
          return;
        }
        this.#onSocketClosed(socket, event.code, event.reason);
      });
    });
    if (this.#closeRequested) {
      socket.close();
      throw new ClientClosedError();
    }
  }

  #onFrame(data: unknown): void {
    if (typeof data !== 'string') return;
    const parsed = parseServerEvent(data);
    if (!parsed.ok) {
      this.#emit('connection', { type: 'invalid-frame', data, error: parsed.error });
      return;
    }
    const event = parsed.value;
    const requestId = 'requestId' in event ? event.requestId : undefined;
    const request = requestId === undefined ? undefined : this.#inFlight.get(requestId);
    if (request === undefined) {
      this.#deliver(event);
      return;
    }
    this.#inFlight.delete(request.requestId);
    clearTimeout(request.timer);
    if (event.type !== ServerEventType.error && event.type !== request.expected) {
      request.reject(new UnexpectedReplyError(request.action, request.expected, event.type));
      return;
    }
    this.#track(event, request.input);
    if (!request.internal) this.#deliver(event);
    if (event.type === ServerEventType.error) request.reject(new ServerError(event));
    else request.resolve(event);
  }

  /** Keeps the room list and the chosen name in step with the server's replies. */
  #track(event: ServerEvent, input: ClientActionInput): void {
    if (event.type === ServerEventType.joined) {
      if (input.action === ClientActionName.join && input.name !== undefined) {
        this.#name = event.you.name;
      }
      if (!this.#rooms.has(event.roomId)) {
        this.#rooms.set(event.roomId, {
          lastSeenId: undefined,
          sinceMs: Date.parse(event.you.joinedAt),
        });
      }
    } else if (event.type === ServerEventType.left) {
      this.#rooms.delete(event.roomId);
    } else if (event.type === ServerEventType.ack && event.action === ClientActionName.rename) {
      if (event.name !== undefined) this.#name = event.name;
    }
  }

  /** Delivers a server event to listeners and iterators, minus duplicates. */
  #deliver(event: ServerEvent): void {
    if (isMessageEvent(event)) {
      const buffer = this.#catchUpBuffers.get(event.message.roomId);
      if (buffer !== undefined) {
        buffer.push(event);
        return;
      }
      const isNew = this.#seen.add(dedupeKey(event));
      if (!isNew && this.#dedupe) return;
      if (event.type === ServerEventType.messageCreated) {
        const room = this.#rooms.get(event.message.roomId);
        if (room !== undefined && (room.lastSeenId ?? '') < event.message.id) {
          room.lastSeenId = event.message.id;
        }
      }
    }
    this.#emit(event.type, event);
    this.#emit('event', event);
    for (const iterator of this.#iterators) iterator.push(event);
  }

  #emit<K extends keyof ChatClientEventMap>(type: K, event: ChatClientEventMap[K]): void {
    const set = this.#listeners.get(type);
    if (set === undefined) return;
    for (const listener of [...set] as Listener<ChatClientEventMap[K]>[]) {
      try {
        listener(event);
      } catch (error) {
        reportListenerError(error);
      }
    }
  }

  #nextRequestId(): string {
    this.#requestCounter += 1;
    return `${this.#idPrefix}-${this.#requestCounter}`;
  }

  #request<K extends ServerEventType>(
    action: ClientActionInput,
    expected: K,
    options?: RequestOptions,
  ): Promise<ServerEventOf<K>>;
  #request(
    action: ClientActionInput,
    expected: undefined,
    options?: RequestOptions,
  ): Promise<ServerEvent>;
  #request(
    action: ClientActionInput,
    expected: ServerEventType | undefined,
    options: RequestOptions = {},
  ): Promise<ServerEvent> {
    return new Promise((resolve, reject) => {
      if (this.#closeRequested) {
        reject(new ClientClosedError());
        return;
      }
      const requestId = this.#nextRequestId();
      const frame = JSON.stringify({ ...action, requestId });
      // The same parser the server runs, so the same frames fail with the same codes.
      const parsed = parseClientFrame(frame);
      if (!parsed.ok) {
        const { error } = parsed;
        reject(
          new FrameRejectedError(error.code, error.message, {
            action: action.action,
            details: 'issues' in error ? (error.issues as FrameRejectedError['details']) : [],
            cause: error,
          }),
        );
        return;
      }
      const request: Request = {
        requestId,
        input: action,
        action: action.action,
        frame,
        expected: expected ?? replyTypeOf(action.action),
        internal: options.internal ?? false,
        resolve,
        reject,
      };
      const socketOpen = this.#socket?.readyState === SocketState.OPEN;
      if (socketOpen && (request.internal || !this.#recovering)) {
        this.#transmit(request);
      } else if (request.internal) {
        reject(new NotConnectedError());
      } else {
        this.#hold(request);
      }
    });
  }

  /** Queues a request made while disconnected, or rejects it, as the caller chose. */
  #hold(request: Request): void {
    if (this.#state === ConnectionState.closed) {
      request.reject(new NotConnectedError('The client has closed.'));
    } else if (this.#whileDisconnected === WhileDisconnected.reject) {
      request.reject(
        new NotConnectedError('The client is reconnecting; the request was not sent.'),
      );
    } else if (this.#queue.length >= this.#maxQueuedRequests) {
      request.reject(
        new NotConnectedError(
          `The client is reconnecting and ${this.#queue.length} requests wait.`,
        ),
      );
    } else {
      this.#queue.push(request);
    }
  }

  #transmit(request: Request): void {
    const socket = this.#socket;
    if (socket === undefined) {
      this.#hold(request);
      return;
    }
    this.#inFlight.set(request.requestId, request);
    request.timer = setTimeout(() => {
      if (this.#inFlight.delete(request.requestId)) {
        request.reject(
          new RequestTimeoutError(request.action, request.requestId, this.#requestTimeoutMs),
        );
      }
    }, this.#requestTimeoutMs);
    socket.send(request.frame);
  }

  #flushQueue(): void {
    for (const request of this.#queue.splice(0)) this.#transmit(request);
  }

  #startHeartbeat(): void {
    if (this.#heartbeatIntervalMs === false) return;
    this.#stopHeartbeat();
    this.#heartbeat = setInterval(() => {
      void this.#beat();
    }, this.#heartbeatIntervalMs);
    unrefTimer(this.#heartbeat);
  }

  #stopHeartbeat(): void {
    clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
  }

  async #beat(): Promise<void> {
    const socket = this.#socket;
    try {
      await this.#request({ action: ClientActionName.ping }, ServerEventType.pong, {
        internal: true,
      });
    } catch (error) {
      if (error instanceof RequestTimeoutError && socket === this.#socket) {
        this.#abandonSocket(CLOSE_UNRESPONSIVE, 'heartbeat timeout');
      }
    }
  }

  /** Gives up on an unresponsive socket without waiting for its closing handshake. */
  #abandonSocket(code: number, reason: string): void {
    const socket = this.#socket;
    if (socket === undefined) return;
    const terminate = (socket as { terminate?: () => void }).terminate;
    if (typeof terminate === 'function') terminate.call(socket);
    else socket.close(code, reason);
    this.#onSocketClosed(socket, code, reason);
  }

  #onSocketClosed(socket: WebSocketLike, code: number, reason: string): void {
    if (socket !== this.#socket) return;
    this.#socket = undefined;
    this.#stopHeartbeat();
    if (this.#closeRequested) return;
    const inFlight = [...this.#inFlight.values()];
    this.#inFlight.clear();
    const retry: Request[] = [];
    for (const request of inFlight) {
      clearTimeout(request.timer);
      if (request.internal) request.reject(new NotConnectedError('The connection was lost.'));
      else if (this.#whileDisconnected === WhileDisconnected.queue) retry.push(request);
      else request.reject(new NotConnectedError('The connection was lost before the reply.'));
    }
    // In-flight requests were sent before anything queued, so they go first.
    this.#queue.unshift(...retry);
    const willReconnect = this.#reconnect !== false;
    this.#emit('connection', { type: 'disconnected', code, reason, willReconnect });
    if (this.#state !== ConnectionState.reconnecting) {
      if (willReconnect) void this.#reconnectLoop();
      else this.#finish(new NotConnectedError(`The connection closed (code ${code}).`));
    }
  }

  /** Read through a method so the compiler does not narrow it across awaits. */
  #isClosing(): boolean {
    return this.#closeRequested;
  }

  async #reconnectLoop(): Promise<void> {
    if (this.#reconnect === false) return;
    this.#state = ConnectionState.reconnecting;
    for (let attempt = 0; attempt < this.#reconnect.maxAttempts; attempt += 1) {
      const delayMs = backoffDelay(attempt, this.#reconnect, this.#random);
      this.#emit('connection', { type: 'reconnecting', attempt: attempt + 1, delayMs });
      await this.#sleep(delayMs);
      if (this.#isClosing()) return;
      try {
        await this.#open();
      } catch {
        if (this.#isClosing()) return;
        continue;
      }
      try {
        const { joined, caughtUp } = await this.#recover();
        if (this.#isClosing()) return;
        this.#state = ConnectionState.open;
        this.#startHeartbeat();
        this.#flushQueue();
        this.#emit('connection', { type: 'reconnected', attempt: attempt + 1, joined, caughtUp });
        return;
      } catch {
        // The new socket dropped during recovery; its close handler saw `reconnecting`.
        if (this.#isClosing()) return;
      }
    }
    this.#finish(
      new NotConnectedError(`Gave up reconnecting after ${this.#reconnect.maxAttempts} attempts.`),
    );
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeReconnect = done;
    });
  }

  /**
   * Rejoins every room with the chosen name, then reads each room's history back to the
   * last message seen and delivers what was missed, oldest first, before any live message
   * that arrived meanwhile.
   *
   * @throws {NotConnectedError} when the socket drops meanwhile.
   */
  async #recover(): Promise<{ joined: JoinedEvent[]; caughtUp: number }> {
    this.#recovering = true;
    try {
      const roomIds = [...this.#rooms.keys()];
      for (const roomId of roomIds) {
        if (!this.#catchUpBuffers.has(roomId)) this.#catchUpBuffers.set(roomId, []);
      }
      const name = this.#name;
      const joined: JoinedEvent[] = [];
      await Promise.all(
        roomIds.map(async (roomId) => {
          try {
            const reply = await this.#request(
              { action: ClientActionName.join, roomId, ...(name === undefined ? {} : { name }) },
              ServerEventType.joined,
              { internal: true },
            );
            joined.push(reply);
          } catch (error) {
            if (!(error instanceof ServerError)) throw error;
            this.#rooms.delete(roomId);
            this.#releaseBuffer(roomId);
            this.#emit('connection', {
              type: 'recovery-failed',
              roomId,
              step: 'rejoin',
              error,
            });
          }
        }),
      );
      let caughtUp = 0;
      for (const reply of joined) caughtUp += await this.#catchUp(reply.roomId);
      return { joined, caughtUp };
    } finally {
      this.#recovering = false;
    }
  }

  /** Fetches and delivers one room's missed messages; returns how many it delivered. */
  async #catchUp(roomId: string): Promise<number> {
    const room = this.#rooms.get(roomId);
    if (room === undefined) {
      this.#releaseBuffer(roomId);
      return 0;
    }
    const floorMs =
      room.lastSeenId === undefined
        ? room.sinceMs
        : messageIdTime(room.lastSeenId) - this.#catchUpOverlapMs;
    const missed: ChatMessage[] = [];
    try {
      let before: string | undefined;
      for (let page = 0; page < this.#catchUpMaxPages; page += 1) {
        const reply = await this.#request(
          {
            action: ClientActionName.history,
            roomId,
            limit: MAX_HISTORY_PAGE,
            ...(before === undefined ? {} : { before }),
          },
          ServerEventType.history,
          { internal: true },
        );
        let reachedFloor = false;
        for (const message of reply.messages) {
          if (messageIdTime(message.id) < floorMs) {
            reachedFloor = true;
            break;
          }
          if (!this.#seen.has(`${ServerEventType.messageCreated}:${message.id}`)) {
            missed.push(message);
          }
        }
        if (reachedFloor || reply.nextBefore === undefined) break;
        before = reply.nextBefore;
      }
    } catch (error) {
      if (!(error instanceof ServerError)) throw error;
      this.#emit('connection', { type: 'recovery-failed', roomId, step: 'catch-up', error });
    }
    missed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const buffered = this.#catchUpBuffers.get(roomId) ?? [];
    this.#catchUpBuffers.delete(roomId);
    for (const message of missed) {
      this.#deliver({ type: ServerEventType.messageCreated, message });
    }
    for (const event of buffered) this.#deliver(event);
    return missed.length;
  }

  #releaseBuffer(roomId: string): void {
    const buffered = this.#catchUpBuffers.get(roomId) ?? [];
    this.#catchUpBuffers.delete(roomId);
    for (const event of buffered) this.#deliver(event);
  }

  /** Ends the client: rejects everything waiting and ends the event iterators. */
  #finish(error: Error): void {
    if (this.#state === ConnectionState.closed) return;
    this.#state = ConnectionState.closed;
    this.#stopHeartbeat();
    for (const request of this.#inFlight.values()) {
      clearTimeout(request.timer);
      request.reject(error);
    }
    this.#inFlight.clear();
    for (const request of this.#queue.splice(0)) request.reject(error);
    this.#catchUpBuffers.clear();
    const closeEvent: ConnectionEvent =
      error instanceof ClientClosedError ? { type: 'closed' } : { type: 'closed', error };
    this.#emit('connection', closeEvent);
    for (const iterator of this.#iterators) iterator.end();
    this.#iterators.clear();
  }
}

async function resolveFactory(
  option: WebSocketConstructor | WebSocketFactory | undefined,
): Promise<WebSocketFactory> {
  if (option === undefined) return defaultWebSocketFactory();
  return isConstructor(option) ? factoryFromConstructor(option) : option;
}

function isConstructor(
  value: WebSocketConstructor | WebSocketFactory,
): value is WebSocketConstructor {
  // Classes have a prototype with a constructor; arrow-function factories have none.
  return typeof value === 'function' && value.prototype !== undefined;
}

/** The reply type each action expects. */
function replyTypeOf(action: ClientActionInput['action']): ServerEventType {
  switch (action) {
    case ClientActionName.join:
      return ServerEventType.joined;
    case ClientActionName.leave:
      return ServerEventType.left;
    case ClientActionName.history:
      return ServerEventType.history;
    case ClientActionName.ping:
      return ServerEventType.pong;
    default:
      return ServerEventType.ack;
  }
}

function describeSocketError(event: unknown): string {
  const { message, error } = event as { message?: unknown; error?: unknown };
  if (error instanceof Error && error.message !== '') return error.message;
  if (typeof message === 'string' && message !== '') return message;
  return 'the socket reported an error';
}
