/**
 * Connections held: the local stack's resident memory and event-loop delay with N idle
 * WebSocket connections open (connected, nothing else), measured in the server process
 * after a garbage collection, against the same process before the connections opened.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { ServerHandle } from './server-handle.js';
import type { DynamoDbSource } from './dynamodb-source.js';

export interface ConnectionsRow {
  readonly connections: number;
  readonly opened: number;
  readonly rssBeforeMiB: number;
  readonly rssAfterMiB: number;
  /** (RSS after − RSS before) / connections, in KiB. */
  readonly rssPerConnectionKiB: number;
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  readonly connectMs: number;
}

export interface ConnectionsOptions {
  /** Where each server's table lives. */
  readonly dynamoDb: DynamoDbSource;
  readonly counts: readonly number[];
  readonly log?: (line: string) => void;
}

async function openSockets(url: string, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  const batch = 200;
  for (let i = 0; i < count; i += batch) {
    const opened = await Promise.allSettled(
      Array.from(
        { length: Math.min(batch, count - i) },
        () =>
          new Promise<WebSocket>((resolve, reject) => {
            const socket = new WebSocket(url);
            socket.once('open', () => {
              resolve(socket);
            });
            socket.once('error', reject);
          }),
      ),
    );
    for (const result of opened) if (result.status === 'fulfilled') sockets.push(result.value);
  }
  return sockets;
}

const MiB = 1024 * 1024;
const round = (value: number): number => Math.round(value * 10) / 10;

export async function measureConnectionsHeld(
  options: ConnectionsOptions,
): Promise<ConnectionsRow[]> {
  const rows: ConnectionsRow[] = [];
  for (const count of options.counts) {
    const server = await ServerHandle.start({
      kind: 'ours',
      dynamoDb: options.dynamoDb,
      pollIntervalMs: 250,
    });
    let sockets: WebSocket[] = [];
    try {
      // Warm the handlers first so their module state is in the baseline.
      sockets = await openSockets(server.url, 10);
      for (const socket of sockets) socket.terminate();
      await sleep(1000);
      const before = await server.sample(true);
      const started = Date.now();
      sockets = await openSockets(server.url, count);
      const connectMs = Date.now() - started;
      await sleep(2000);
      await server.reset();
      await sleep(3000);
      const after = await server.sample(true);
      const row: ConnectionsRow = {
        connections: count,
        opened: sockets.length,
        rssBeforeMiB: round(before.rssBytes / MiB),
        rssAfterMiB: round(after.rssBytes / MiB),
        rssPerConnectionKiB: round(
          (after.rssBytes - before.rssBytes) / 1024 / Math.max(1, sockets.length),
        ),
        eventLoopDelayP99Ms: after.eventLoopDelayMs.p99,
        eventLoopDelayMaxMs: after.eventLoopDelayMs.max,
        connectMs,
      };
      options.log?.(
        `connections: ${count} idle: ${row.rssPerConnectionKiB} KiB each, event-loop p99 ${row.eventLoopDelayP99Ms} ms`,
      );
      rows.push(row);
    } finally {
      for (const socket of sockets) socket.terminate();
      await server.stop();
    }
  }
  return rows;
}
