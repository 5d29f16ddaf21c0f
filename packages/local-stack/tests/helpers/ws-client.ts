/**
 * A raw `ws` client for gateway tests: collects messages, and exposes the close code and
 * reason the server sent.
 */
import { WebSocket, type ClientOptions } from 'ws';
import { waitFor } from './wait.js';

/** How the connection ended, from the client's side. */
export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** A connected raw WebSocket client. */
export class TestSocket {
  readonly socket: WebSocket;
  readonly messages: string[] = [];
  readonly closed: Promise<Closed>;
  #read = 0;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on('message', (data: Buffer) => {
      this.messages.push(data.toString('utf8'));
    });
    this.closed = new Promise((resolve) => {
      socket.once('close', (code: number, reason: Buffer) => {
        resolve({ code, reason: reason.toString('utf8') });
      });
    });
  }

  /** Opens a connection; rejects when the handshake fails. */
  static open(
    url: string,
    protocols?: string | string[],
    options: ClientOptions = {},
  ): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, protocols, options);
      const client = new TestSocket(socket);
      socket.once('open', () => {
        resolve(client);
      });
      socket.once('error', reject);
    });
  }

  /** The next message not yet returned by this method. */
  async next(timeoutMs = 5000): Promise<string> {
    const message = await waitFor('a message', () => this.messages[this.#read], timeoutMs);
    this.#read += 1;
    return message;
  }

  /** The next message, parsed as JSON. */
  async nextJson<T = Record<string, unknown>>(timeoutMs = 5000): Promise<T> {
    return JSON.parse(await this.next(timeoutMs)) as T;
  }

  /** Messages received but not yet returned by {@link next}. */
  unread(): string[] {
    return this.messages.slice(this.#read);
  }

  send(data: string | Buffer, options: { binary?: boolean; fin?: boolean } = {}): void {
    this.socket.send(data, options);
  }

  /** Sends a JSON frame and returns the parsed reply. */
  async request<T = Record<string, unknown>>(frame: unknown): Promise<T> {
    this.send(JSON.stringify(frame));
    return this.nextJson<T>();
  }

  close(code?: number, reason?: string): Promise<Closed> {
    this.socket.close(code, reason);
    return this.closed;
  }
}

/** The HTTP status of a refused handshake. */
export function handshakeStatus(url: string, protocols?: string | string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
      socket.terminate();
    });
    socket.once('open', () => {
      socket.terminate();
      reject(new Error('the handshake succeeded'));
    });
    socket.once('error', () => undefined);
  });
}
