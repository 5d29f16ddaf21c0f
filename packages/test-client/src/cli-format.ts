/**
 * How the terminal chat shows events. `ChatView` numbers messages as it shows them (`#n`),
 * so commands can refer to them, and remembers members' names to describe renames. It only
 * turns events into lines of text; printing is the caller's job.
 */
import type { FieldIssue, ServerEvent } from '@chat/domain';
import type { ChatMessage } from './chat-client.js';
import { ChatClientError, FrameRejectedError, ServerError } from './errors.js';
import type { ConnectionEvent } from './types.js';

/** A message a command refers to. */
export interface MessageRef {
  readonly roomId: string;
  readonly messageId: string;
}

const MESSAGE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

function clock(timestamp: string): string {
  const date = new Date(timestamp);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** The field issues a message does not state already (it names the first one). */
function formatIssues(issues: readonly FieldIssue[], message: string): string {
  const unstated = issues.filter((issue) => !message.includes(`"${issue.path}": ${issue.message}`));
  if (unstated.length === 0) return '';
  return ` (${unstated.map((issue) => `${issue.path}: ${issue.message}`).join('; ')})`;
}

/** One line describing an error: its code, message and field issues. */
export function describeError(error: unknown): string {
  if (error instanceof ServerError || error instanceof FrameRejectedError) {
    return `${error.code}: ${error.message}${formatIssues(error.details, error.message)}`;
  }
  if (error instanceof ChatClientError) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Turns server and connection events into lines for a person at a terminal. */
export class ChatView {
  readonly #numbers = new Map<string, number>();
  readonly #refs = new Map<number, MessageRef>();
  readonly #names = new Map<string, string>();
  #next = 1;

  /** The number shown for a message, assigned the first time it is shown. */
  public numberOf(message: Pick<ChatMessage, 'id' | 'roomId'>): number {
    let number = this.#numbers.get(message.id);
    if (number === undefined) {
      number = this.#next;
      this.#next += 1;
      this.#numbers.set(message.id, number);
      this.#refs.set(number, { roomId: message.roomId, messageId: message.id });
    }
    return number;
  }

  /**
   * The message `target` names: `#n` or `n` (a number shown), or a message id (in the room
   * it was shown in, else `currentRoom`). `undefined` when it names nothing known.
   */
  public resolve(target: string, currentRoom: string): MessageRef | undefined {
    const numbered = /^#?(\d+)$/u.exec(target);
    if (numbered !== null) return this.#refs.get(Number(numbered[1]));
    if (!MESSAGE_ID.test(target)) return undefined;
    const number = this.#numbers.get(target);
    const known = number === undefined ? undefined : this.#refs.get(number);
    return known ?? { roomId: currentRoom, messageId: target };
  }

  /** A message as one line: `[room] #n hh:mm:ss name: text`. */
  public message(message: ChatMessage): string {
    const head = `[${message.roomId}] #${this.numberOf(message)} ${clock(message.createdAt)} ${message.authorName}`;
    if (message.deleted) return `${head}: (deleted)`;
    return `${head}: ${message.text}${message.editedAt === undefined ? '' : ' (edited)'}`;
  }

  /** The lines for a server event; none for replies the person need not see. */
  public render(event: ServerEvent): string[] {
    switch (event.type) {
      case 'message.created':
        return [this.message(event.message)];
      case 'message.updated':
        return [this.message(event.message)];
      case 'message.deleted':
        return [
          `[${event.message.roomId}] #${this.numberOf(event.message)} ${event.message.authorName} deleted a message`,
        ];
      case 'presence': {
        const { member } = event;
        const before = this.#names.get(member.userId);
        this.#names.set(member.userId, member.name);
        if (event.change === 'joined') return [`[${event.roomId}] * ${member.name} joined`];
        if (event.change === 'left') {
          const why =
            event.reason === undefined || event.reason === 'left' ? '' : ` (${event.reason})`;
          return [`[${event.roomId}] * ${member.name} left${why}`];
        }
        return before === undefined || before === member.name
          ? [`[${event.roomId}] * ${member.name} changed name`]
          : [`[${event.roomId}] * ${before} is now known as ${member.name}`];
      }
      case 'joined': {
        for (const member of event.members) this.#names.set(member.userId, member.name);
        const names = event.members.map((member) => member.name).join(', ');
        return [
          `[${event.roomId}] joined as ${event.you.name}; ${event.members.length} here: ${names}`,
        ];
      }
      case 'left':
        return [`[${event.roomId}] left the room`];
      case 'history':
        if (event.messages.length === 0) return [`[${event.roomId}] no messages yet`];
        return [...event.messages].reverse().map((message) => this.message(message));
      case 'ack':
        return event.action === 'rename' && event.name !== undefined
          ? [`you are now known as ${event.name}`]
          : [];
      case 'error':
        return [
          `! ${event.code}: ${event.message}${formatIssues(event.details ?? [], event.message)}`,
        ];
      case 'pong':
        return [];
    }
  }

  /** The line for a connection lifecycle event, if it is worth one. */
  public connection(event: ConnectionEvent): string | undefined {
    switch (event.type) {
      case 'disconnected': {
        const reason = event.reason === '' ? '' : ` ${event.reason}`;
        return `! connection lost (code ${event.code}${reason})${event.willReconnect ? '; reconnecting' : ''}`;
      }
      case 'reconnecting':
        return event.attempt === 1
          ? undefined
          : `! reconnect attempt ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`;
      case 'reconnected': {
        const rooms = event.joined.map((joined) => joined.roomId).join(', ');
        return `! reconnected${rooms === '' ? '' : `; rejoined ${rooms}`}; ${event.caughtUp} missed message(s) fetched`;
      }
      case 'recovery-failed':
        return `! could not ${event.step} ${event.roomId}: ${describeError(event.error)}`;
      case 'invalid-frame':
        return `! ignored an invalid frame from the server: ${describeError(event.error)}`;
      case 'closed':
        return event.error === undefined
          ? undefined
          : `! connection closed: ${describeError(event.error)}`;
    }
  }
}
