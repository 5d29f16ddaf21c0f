/**
 * Which WebSocket implementation the client uses. A browser (and Node 22+) has a standard
 * global `WebSocket`; Node 20 has none, so the `ws` package is imported on demand. Nothing
 * here imports a Node module statically, so browser bundles stay free of them.
 */

/** The `readyState` values of a WebSocket. */
export const SocketState = {
  CONNECTING: 0,
  OPEN: 1,
  CLOSING: 2,
  CLOSED: 3,
} as const;

/** The part of the standard WebSocket API the client uses; `ws` implements it too. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { readonly data: unknown }) => void): void;
  addEventListener(
    type: 'close',
    listener: (event: { readonly code: number; readonly reason: string }) => void,
  ): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/** Opens a WebSocket to `url`. */
export type WebSocketFactory = (url: string, protocols?: string | string[]) => WebSocketLike;

/** A WebSocket class with the standard constructor (the browser's, or `ws`'s). */
export type WebSocketConstructor = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;

/** Wraps a WebSocket class as a factory. */
export function factoryFromConstructor(Ctor: WebSocketConstructor): WebSocketFactory {
  return (url, protocols) => (protocols === undefined ? new Ctor(url) : new Ctor(url, protocols));
}

/** The global `WebSocket` of `scope` (a browser window, a worker, Node 22+), if any. */
export function globalWebSocket(scope: object = globalThis): WebSocketConstructor | undefined {
  const candidate: unknown = (scope as { WebSocket?: unknown }).WebSocket;
  return typeof candidate === 'function' ? (candidate as WebSocketConstructor) : undefined;
}

let wsFactory: Promise<WebSocketFactory> | undefined;

async function importWs(): Promise<WebSocketFactory> {
  const { WebSocket } = await import('ws');
  return factoryFromConstructor(WebSocket);
}

/**
 * The factory to use when the caller gave none: the global `WebSocket` of `scope` when it
 * has one, otherwise the `ws` package (imported once per process).
 */
export async function defaultWebSocketFactory(
  scope: object = globalThis,
): Promise<WebSocketFactory> {
  const native = globalWebSocket(scope);
  if (native !== undefined) return factoryFromConstructor(native);
  wsFactory ??= importWs();
  return wsFactory;
}
