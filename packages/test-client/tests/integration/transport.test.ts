import { WebSocket as WsWebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChatClient,
  defaultWebSocketFactory,
  globalWebSocket,
  type WebSocketLike,
} from '../../src/index.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.js';

describe('transport choice', () => {
  let server: FakeServer;

  beforeEach(async () => {
    server = await startFakeServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('uses the global WebSocket when the scope has one, as in a browser', async () => {
    // Prepare
    const opened: string[] = [];
    class BrowserWebSocket extends WsWebSocket {
      public constructor(url: string) {
        super(url);
        opened.push(url);
      }
    }
    const browserScope = { WebSocket: BrowserWebSocket };

    // Act
    const factory = await defaultWebSocketFactory(browserScope);
    const client = await ChatClient.connect(server.url, {
      webSocket: factory,
      reconnect: false,
    });
    const pong = await client.ping();
    await client.close();

    // Assess
    expect(globalWebSocket(browserScope)).toBe(BrowserWebSocket);
    expect(opened).toEqual([server.url]);
    expect(pong.type).toBe('pong');
  });

  it('falls back to the ws package when the scope has no WebSocket, as on Node 20', async () => {
    // Prepare
    const nodeScope = {};

    // Act
    const factory = await defaultWebSocketFactory(nodeScope);
    const socket: WebSocketLike = factory(server.url);
    await new Promise<void>((resolve) => {
      socket.addEventListener('open', resolve);
    });
    socket.close();

    // Assess
    expect(globalWebSocket(nodeScope)).toBeUndefined();
    expect(socket).toBeInstanceOf(WsWebSocket);
  });

  it('accepts a WebSocket class as the webSocket option', async () => {
    // Prepare
    const options = { webSocket: WsWebSocket, reconnect: false } as const;

    // Act
    const client = await ChatClient.connect(server.url, options);
    const joined = await client.join('lobby');
    await client.close();

    // Assess
    expect(joined.members).toHaveLength(1);
    expect(client.state).toBe('closed');
  });
});
