/**
 * Invocations per message, counted by the local stack: the route that stores the message,
 * the stream functions, and (for the seed's design) the functions they invoke per
 * recipient. The room is filled and the stream left to settle before counting starts, so
 * only what the messages cause is counted.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatClient } from '@chat/test-client';
import { ServerHandle } from './server-handle.js';
import type { DynamoDbSource } from './dynamodb-source.js';

export interface InvocationRow {
  readonly design: 'ours' | 'seed';
  readonly k: number;
  readonly messages: number;
  /** `sendMessage` route invocations per message. */
  readonly route: number;
  /** Stream-triggered invocations per message. */
  readonly stream: number;
  /** Functions invoked by other functions, per message (the seed's per-recipient posts). */
  readonly invoked: number;
  readonly total: number;
  /** Stream records per stream invocation (the batch size achieved). */
  readonly recordsPerBatch: number;
}

export interface InvocationOptions {
  /** Where each server's table lives. */
  readonly dynamoDb: DynamoDbSource;
  readonly ks: readonly number[];
  readonly messages: number;
  /** Sends per second. */
  readonly rate: number;
  readonly designs?: readonly ('ours' | 'seed')[];
  readonly log?: (line: string) => void;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Waits until the server's stream and Management API counters stop moving for `quietMs`. */
export async function waitForQuietStream(server: ServerHandle, quietMs = 1500): Promise<void> {
  let last = -1;
  let stableSince = Date.now();
  for (;;) {
    const { stats } = await server.sample();
    // Posts move while a long fan-out runs; records and invocations only when it ends.
    const records =
      (stats?.stream.records ?? 0) + (stats?.invocations ?? 0) + (stats?.managementApi.posts ?? 0);
    if (records !== last) {
      last = records;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) return;
    await sleep(100);
  }
}

/** Connects `k` clients in `roomId`, in batches. */
export async function fillRoom(url: string, roomId: string, k: number): Promise<ChatClient[]> {
  const clients: ChatClient[] = [];
  for (let i = 0; i < k; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, k - i) }, async (_, j) => {
        // Generous timeouts: the joins' presence fan-out keeps the stack busy meanwhile.
        const client = await ChatClient.connect(url, {
          reconnect: false,
          heartbeatIntervalMs: false,
          connectTimeoutMs: 60_000,
          requestTimeoutMs: 60_000,
        });
        await client.join(roomId, { name: `member ${i + j}` });
        return client;
      }),
    );
    clients.push(...batch);
  }
  return clients;
}

export async function measureInvocations(options: InvocationOptions): Promise<InvocationRow[]> {
  const rows: InvocationRow[] = [];
  for (const design of options.designs ?? (['ours', 'seed'] as const)) {
    for (const k of options.ks) {
      const server = await ServerHandle.start({
        kind: design,
        dynamoDb: options.dynamoDb,
        pollIntervalMs: 250,
      });
      let clients: ChatClient[] = [];
      try {
        clients = await fillRoom(server.url, 'invocations', k);
        await waitForQuietStream(server);
        await server.reset();
        const sender = clients[0];
        if (sender === undefined) throw new Error('no clients');
        for (let i = 0; i < options.messages; i += 1) {
          await sender.send('invocations', `message ${i}`);
          await sleep(1000 / options.rate);
        }
        await waitForQuietStream(server);
        const { stats } = await server.sample();
        if (stats === undefined) throw new Error('no stats');
        const messages = options.messages;
        const route = stats.byRoute.sendMessage?.invocations ?? 0;
        const stream = stats.byRoute['table-stream']?.invocations ?? 0;
        const invoked = stats.byRoute.Invoke?.invocations ?? 0;
        const row: InvocationRow = {
          design,
          k,
          messages,
          route: round(route / messages),
          stream: round(stream / messages),
          invoked: round(invoked / messages),
          total: round((route + stream + invoked) / messages),
          recordsPerBatch: round(stats.stream.records / Math.max(1, stats.stream.batches)),
        };
        options.log?.(`invocations: ${design} k=${k}: ${row.total} per message`);
        rows.push(row);
      } finally {
        await Promise.all(clients.map((client) => client.close()));
        await server.stop();
      }
    }
  }
  return rows;
}
