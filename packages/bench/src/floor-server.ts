/**
 * The latency floor: a plain `ws` server that broadcasts each message frame to the sockets
 * in its room. No gateway, no handler, no database, no stream: what a WebSocket broadcast
 * costs on this machine. It speaks just enough of protocol v1 (`join`, `sendMessage`,
 * `ping`) for the same load generator to drive it as drives the real stack.
 */
import type { AddressInfo } from 'node:net';
import { newAnonymousUserId, newMessageId } from '@chat/domain';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FloorServer {
  readonly url: string;
  /** Frames sent to clients so far. */
  readonly framesSent: () => number;
  close(): Promise<void>;
}

interface FloorFrame {
  action?: unknown;
  roomId?: unknown;
  text?: unknown;
  requestId?: unknown;
  clientMessageId?: unknown;
}

/** Starts the floor server on `port` (0 = a free port). */
export async function startFloorServer(port = 0, host = '127.0.0.1'): Promise<FloorServer> {
  const server = new WebSocketServer({ port, host });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const rooms = new Map<string, Set<WebSocket>>();
  let sent = 0;

  const send = (socket: WebSocket, data: string): void => {
    sent += 1;
    socket.send(data);
  };

  server.on('connection', (socket) => {
    const userId = newAnonymousUserId();
    socket.on('message', (data) => {
      let frame: FloorFrame;
      try {
        frame = JSON.parse((data as Buffer).toString('utf8')) as FloorFrame;
      } catch {
        return;
      }
      const requestId = typeof frame.requestId === 'string' ? frame.requestId : undefined;
      const roomId = typeof frame.roomId === 'string' ? frame.roomId : '';
      if (frame.action === 'join') {
        const members = rooms.get(roomId) ?? new Set<WebSocket>();
        members.add(socket);
        rooms.set(roomId, members);
        const you = { userId, name: 'floor', joinedAt: new Date().toISOString() };
        send(socket, JSON.stringify({ type: 'joined', roomId, members: [you], you, requestId }));
      } else if (frame.action === 'sendMessage') {
        const message = {
          id: newMessageId(),
          roomId,
          authorId: userId,
          authorName: 'floor',
          text: typeof frame.text === 'string' ? frame.text : '',
          createdAt: new Date().toISOString(),
          deleted: false,
          ...(typeof frame.clientMessageId === 'string'
            ? { clientMessageId: frame.clientMessageId }
            : {}),
        };
        send(socket, JSON.stringify({ type: 'ack', action: 'sendMessage', message, requestId }));
        const event = JSON.stringify({ type: 'message.created', message });
        for (const member of rooms.get(roomId) ?? []) send(member, event);
      } else if (frame.action === 'ping') {
        send(
          socket,
          JSON.stringify({ type: 'pong', serverTime: new Date().toISOString(), requestId }),
        );
      }
    });
    socket.on('close', () => {
      for (const members of rooms.values()) members.delete(socket);
    });
  });

  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `ws://${host}:${actualPort}`,
    framesSent: () => sent,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => {
          resolve();
        });
      }),
  };
}
