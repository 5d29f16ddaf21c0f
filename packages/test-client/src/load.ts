/**
 * The load generator: N clients over R rooms (client i joins room i mod R), sending at a
 * fixed total rate for a duration after an optional warm-up, then waiting for the last
 * deliveries. Every message carries its send time in its text,
 * `load:<runId>:<sender>:<seq>:<epochMs>`, so any receiver (in this process or another)
 * can compute its latency without a lookup; the runId keeps other runs' traffic out.
 */
import { ChatClient } from './chat-client.js';
import { ChatClientError } from './errors.js';
import { summarizeLatencies, type LoadReport } from './load-report.js';
import type { ChatClientOptions } from './types.js';

/** Options of `runLoad`. */
export interface LoadOptions {
  /** WebSocket URL of the chat, e.g. `ws://127.0.0.1:3001/local`. */
  readonly url: string;
  /** Number of clients (N). */
  readonly clients: number;
  /** Number of rooms (R); client i joins room i mod R. */
  readonly rooms: number;
  /** Messages per second, over all clients; senders take turns. */
  readonly rate: number;
  /** Length of the measured window, in milliseconds. */
  readonly durationMs: number;
  /** Sending before the measured window, not counted. Default 0. */
  readonly warmupMs?: number;
  /** Longest wait for outstanding acks and deliveries after the last send. Default 5 s. */
  readonly drainMs?: number;
  /** Clients connected at once. Default 100. */
  readonly connectBatchSize?: number;
  /** Pad each message's text to about this many bytes. Default: no padding. */
  readonly messageBytes?: number;
  /** Room ids are `<roomPrefix>-<index>`. Default `load-<runId>`. */
  readonly roomPrefix?: string;
  /** Marks messages and rooms. Default: random. */
  readonly runId?: string;
  /** Options of every client. Defaults here: no reconnect, no de-duplication. */
  readonly clientOptions?: ChatClientOptions;
  /** Stops sending early; the run still drains and reports. */
  readonly signal?: AbortSignal;
  /** Told when the run moves to the next phase. */
  readonly onProgress?: (progress: LoadProgress) => void;
  /**
   * Awaited once every client has joined, before the first send: e.g. wait until the
   * joins' presence events have been delivered, so they do not queue ahead of the load.
   */
  readonly beforeSending?: () => Promise<void>;
}

/** A phase change of a load run. */
export interface LoadProgress {
  readonly phase: 'connecting' | 'warmup' | 'measuring' | 'draining' | 'closing' | 'done';
  readonly connected: number;
  readonly sent: number;
}

interface Tracked {
  readonly room: number;
  readonly sentAt: number;
  readonly measured: boolean;
  /** Members of the room when the message was sent. */
  readonly expected: number;
  /** Receipts per member position in the room. */
  readonly receipts: Uint8Array;
  acked: boolean;
}

const TEXT_PREFIX = 'load';

function now(): number {
  return performance.timeOrigin + performance.now();
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function errorCode(error: unknown): string {
  return error instanceof ChatClientError ? error.code : 'UNKNOWN';
}

/** Builds the text of a load message. */
export function loadMessageText(
  runId: string,
  sender: number,
  seq: number,
  sentAt: number,
  messageBytes = 0,
): string {
  const text = `${TEXT_PREFIX}:${runId}:${sender}:${seq}:${sentAt.toFixed(3)}`;
  const padding = messageBytes - text.length - 1;
  return padding > 0 ? `${text} ${'~'.repeat(padding)}` : text;
}

/** Reads a load message's text back; `undefined` when it is not one of run `runId`. */
export function parseLoadMessageText(
  text: string,
  runId: string,
): { sender: number; seq: number; sentAt: number } | undefined {
  const prefix = `${TEXT_PREFIX}:${runId}:`;
  if (!text.startsWith(prefix)) return undefined;
  const [sender, seq, sentAt] = (text.slice(prefix.length).split(' ', 1)[0] ?? '').split(':');
  const parsed = { sender: Number(sender), seq: Number(seq), sentAt: Number(sentAt) };
  return Number.isFinite(parsed.sender + parsed.seq + parsed.sentAt) ? parsed : undefined;
}

function validate(options: LoadOptions): void {
  const positiveInteger = { clients: options.clients, rooms: options.rooms };
  for (const [name, value] of Object.entries(positiveInteger)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  if (options.rooms > options.clients) {
    throw new RangeError(`rooms (${options.rooms}) must not exceed clients (${options.clients})`);
  }
  if (!(options.rate > 0)) throw new RangeError(`rate must be positive, got ${options.rate}`);
  if (!(options.durationMs > 0)) {
    throw new RangeError(`durationMs must be positive, got ${options.durationMs}`);
  }
}

/**
 * Runs a load test and resolves with its report. Rejects only on invalid options; failures
 * during the run (connects, sends, drops) are counted in `errors`.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  validate(options);
  const runId = options.runId ?? Math.floor(Math.random() * 36 ** 6).toString(36);
  const roomPrefix = options.roomPrefix ?? `load-${runId}`;
  const warmupMs = options.warmupMs ?? 0;
  const drainMs = options.drainMs ?? 5000;
  const batchSize = options.connectBatchSize ?? 100;
  const messageBytes = options.messageBytes ?? 0;
  const roomCount = options.rooms;
  const roomSlots = Math.ceil(options.clients / roomCount);
  const startedAt = new Date().toISOString();
  const report = (phase: LoadProgress['phase']): void => {
    options.onProgress?.({ phase, connected: connectedCount, sent: sentMeasured });
  };

  const clients: (ChatClient | undefined)[] = new Array<ChatClient | undefined>(
    options.clients,
  ).fill(undefined);
  const membersConnected = new Array<number>(roomCount).fill(0);
  const tracked = new Map<string, Tracked>();
  const errors: Record<string, number> = {};
  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  const countError = (code: string): void => {
    errors[code] = (errors[code] ?? 0) + 1;
  };
  let connectedCount = 0;
  let sentMeasured = 0;
  let ackedMeasured = 0;
  let expectedDeliveries = 0;
  let delivered = 0;
  let duplicated = 0;
  let pendingAcks = 0;

  const onReceipt = (receiver: number, text: string): void => {
    const receivedAt = now();
    const parsed = parseLoadMessageText(text, runId);
    if (parsed === undefined) return;
    const message = tracked.get(`${parsed.sender}:${parsed.seq}`);
    if (message === undefined) return;
    const position = Math.floor(receiver / roomCount);
    const receipts = message.receipts[position] ?? 0;
    message.receipts[position] = Math.min(receipts + 1, 255);
    if (!message.measured) return;
    if (receipts > 0) {
      duplicated += 1;
      return;
    }
    delivered += 1;
    latencies.push(receivedAt - parsed.sentAt);
  };

  const clientOptions: ChatClientOptions = {
    reconnect: false,
    dedupe: false,
    requestTimeoutMs: 30_000,
    ...options.clientOptions,
  };
  const connectOne = async (index: number): Promise<void> => {
    const room = index % roomCount;
    let client: ChatClient | undefined;
    try {
      client = await ChatClient.connect(options.url, clientOptions);
      client.on('message.created', ({ message }) => {
        onReceipt(index, message.text);
      });
      await client.join(`${roomPrefix}-${room}`, { name: `load-${index}` });
      client.on('connection', (event) => {
        if (event.type !== 'disconnected') return;
        countError('DISCONNECTED');
        if (clients[index] !== undefined) {
          clients[index] = undefined;
          membersConnected[room] = (membersConnected[room] ?? 1) - 1;
          connectedCount -= 1;
        }
      });
      clients[index] = client;
      membersConnected[room] = (membersConnected[room] ?? 0) + 1;
      connectedCount += 1;
    } catch (error) {
      countError(errorCode(error));
      await client?.close();
    }
  };

  report('connecting');
  const connectStart = now();
  for (let start = 0; start < options.clients; start += batchSize) {
    const batch: Promise<void>[] = [];
    for (let index = start; index < Math.min(start + batchSize, options.clients); index += 1) {
      batch.push(connectOne(index));
    }
    await Promise.all(batch);
  }
  const connectMs = now() - connectStart;
  await options.beforeSending?.();
  const connected = connectedCount;

  let nextSender = 0;
  let seq = 0;
  const sendOne = (measured: boolean): void => {
    for (let tries = 0; tries < options.clients; tries += 1) {
      const sender = nextSender;
      nextSender = (nextSender + 1) % options.clients;
      const client = clients[sender];
      if (client === undefined) continue;
      const room = sender % roomCount;
      seq += 1;
      const sentAt = now();
      const message: Tracked = {
        room,
        sentAt,
        measured,
        expected: membersConnected[room] ?? 0,
        receipts: new Uint8Array(roomSlots),
        acked: false,
      };
      tracked.set(`${sender}:${seq}`, message);
      if (measured) sentMeasured += 1;
      pendingAcks += 1;
      client
        .send(`${roomPrefix}-${room}`, loadMessageText(runId, sender, seq, sentAt, messageBytes), {
          clientMessageId: `${runId}-${sender}-${seq}`,
        })
        .then(
          () => {
            message.acked = true;
            if (!measured) return;
            ackedMeasured += 1;
            expectedDeliveries += message.expected;
            ackLatencies.push(now() - sentAt);
          },
          (error: unknown) => {
            if (measured) countError(errorCode(error));
          },
        )
        .finally(() => {
          pendingAcks -= 1;
        });
      return;
    }
  };

  const aborted = (): boolean => options.signal?.aborted === true;
  const sendFor = async (durationMs: number, measured: boolean): Promise<number> => {
    const total = Math.round((options.rate * durationMs) / 1000);
    const phaseStart = now();
    let sentInPhase = 0;
    while (sentInPhase < total && !aborted() && connectedCount > 0) {
      const elapsed = now() - phaseStart;
      const due = elapsed >= durationMs ? total : Math.floor((options.rate * elapsed) / 1000);
      while (sentInPhase < due) {
        sendOne(measured);
        sentInPhase += 1;
      }
      if (sentInPhase < total) await sleep(5);
    }
    return now() - phaseStart;
  };

  let measuredMs = 0;
  if (connectedCount > 0) {
    if (warmupMs > 0) {
      report('warmup');
      await sendFor(warmupMs, false);
    }
    report('measuring');
    measuredMs = await sendFor(options.durationMs, true);
    report('draining');
    const drainEnd = now() + drainMs;
    while (now() < drainEnd && (pendingAcks > 0 || delivered < expectedDeliveries)) {
      await sleep(10);
    }
  }

  report('closing');
  for (let start = 0; start < options.clients; start += batchSize) {
    const batch = clients.slice(start, start + batchSize);
    await Promise.all(batch.filter((client) => client !== undefined).map((c) => c.close()));
  }

  let lost = 0;
  for (const message of tracked.values()) {
    if (!message.measured || !message.acked) continue;
    let receivers = 0;
    for (const count of message.receipts) if (count > 0) receivers += 1;
    lost += Math.max(0, message.expected - receivers);
  }
  report('done');
  return {
    runId,
    url: options.url,
    startedAt,
    settings: {
      clients: options.clients,
      rooms: roomCount,
      rate: options.rate,
      durationMs: options.durationMs,
      warmupMs,
      drainMs,
      messageBytes,
    },
    connected,
    connectMs,
    sent: sentMeasured,
    acked: ackedMeasured,
    achievedRate: measuredMs > 0 ? Math.round((sentMeasured / measuredMs) * 1000 * 10) / 10 : 0,
    expectedDeliveries,
    delivered,
    lost,
    duplicated,
    latencyMs: summarizeLatencies(latencies),
    ackLatencyMs: summarizeLatencies(ackLatencies),
    errors,
  };
}
