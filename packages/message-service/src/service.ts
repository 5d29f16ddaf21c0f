/**
 * The message service's use cases: send, edit, delete and page through messages, for a
 * WebSocket connection or a trusted server-side caller. Plain typed inputs and outputs; no
 * Lambda types, no SDK calls. Every "may this actor do this?" goes through `authorize`.
 */
import {
  authorize,
  MessageNotFoundError,
  newMessageId,
  NotConnectedError,
  type Actor,
  type Message,
} from '@chat/domain';
import type { ConnectionStore, MessageStore } from '@chat/store';

/** What the service needs; the clock and the id generator have production defaults. */
export interface MessageServiceOptions {
  readonly messages: MessageStore;
  /** Read for the acting connection's identity and its memberships. */
  readonly connections: ConnectionStore;
  readonly clock?: () => Date;
  /** A new, time-ordered message id (uuid v7). */
  readonly newMessageId?: () => string;
}

/** A message to post, its text already validated by the domain's schema. */
export interface PostInput {
  readonly roomId: string;
  readonly text: string;
  /** Idempotency key: a retry with the same key stores nothing new. */
  readonly clientMessageId?: string | undefined;
}

export interface SendMessageInput extends PostInput {
  readonly connectionId: string;
}

/** A post by a trusted server-side caller (an IAM-signed team service) as a named bot. */
export interface ServicePostInput extends PostInput {
  /** The caller's IAM ARN, from the gateway's IAM authorizer; `undefined` when unknown. */
  readonly callerArn?: string | undefined;
  /** The bot's display name, already validated. */
  readonly botName: string;
}

export interface SendResult {
  /** The stored message: the new one, or on a retry the one stored first. */
  readonly message: Message;
  /** `true` when the send was a retry of a stored one. */
  readonly duplicate: boolean;
}

export interface EditMessageInput {
  readonly connectionId: string;
  readonly roomId: string;
  readonly messageId: string;
  readonly text: string;
}

export interface DeleteMessageInput {
  readonly connectionId: string;
  readonly roomId: string;
  readonly messageId: string;
}

/** A history request; `limit` within the domain's bounds. */
export interface HistoryQuery {
  readonly roomId: string;
  readonly limit: number;
  /** Only messages older than this message id. */
  readonly before?: string | undefined;
}

export interface HistoryInput extends HistoryQuery {
  readonly connectionId: string;
}

/** One page of a room's history, newest first. */
export interface HistoryPage {
  readonly roomId: string;
  readonly messages: Message[];
  /** Pass as `before` for the next (older) page; absent on the last page. */
  readonly nextBefore?: string;
}

/** The actor of a trusted server-side caller: `bot:<IAM ARN>`, named as it asks. */
export function serviceActor(callerArn: string | undefined, botName: string): Actor {
  return { kind: 'service', userId: `bot:${callerArn ?? 'unknown'}`, name: botName };
}

/**
 * Messages of rooms. The actor of a WebSocket request is built from the connection's
 * stored record, never from the request body.
 */
export class MessageService {
  readonly #messages: MessageStore;
  readonly #connections: ConnectionStore;
  readonly #clock: () => Date;
  readonly #newMessageId: () => string;

  public constructor(options: MessageServiceOptions) {
    this.#messages = options.messages;
    this.#connections = options.connections;
    this.#clock = options.clock ?? (() => new Date());
    this.#newMessageId = options.newMessageId ?? (() => newMessageId());
  }

  /**
   * Posts a message as the connection, which must have joined the room. The author's id and
   * name come from the connection's record.
   *
   * @throws {NotConnectedError | NotAMemberError}
   */
  public async sendMessage(input: SendMessageInput): Promise<SendResult> {
    const actor = await this.#memberActorOf(input.connectionId, input.roomId, 'room:post');
    return this.#post(actor, input);
  }

  /**
   * Posts a message as a trusted server-side caller. The route is IAM-only: the gateway
   * has already checked the caller's signature.
   */
  public async postAsService(input: ServicePostInput): Promise<SendResult> {
    const actor = serviceActor(input.callerArn, input.botName);
    authorize(actor, { action: 'room:post', roomId: input.roomId, membership: undefined });
    return this.#post(actor, input);
  }

  /**
   * Replaces the text of the connection's own message in a room it has joined. The store
   * re-checks the author and the tombstone in its conditional write, so a concurrent change
   * cannot slip past.
   *
   * @throws {NotConnectedError | NotAMemberError | MessageNotFoundError | NotAuthorError | MessageDeletedError}
   */
  public async editMessage(input: EditMessageInput): Promise<Message> {
    const actor = await this.#memberActorOf(input.connectionId, input.roomId, 'room:post');
    const message = await this.#stored(input.roomId, input.messageId);
    authorize(actor, { action: 'message:edit', message });
    return this.#messages.editMessage({
      roomId: input.roomId,
      messageId: input.messageId,
      authorId: actor.userId,
      text: input.text,
      editedAt: this.#clock().toISOString(),
    });
  }

  /**
   * Turns the connection's own message, in a room it has joined, into a tombstone
   * (deleting a tombstone again returns it unchanged).
   *
   * @throws {NotConnectedError | NotAMemberError | MessageNotFoundError | NotAuthorError}
   */
  public async deleteMessage(input: DeleteMessageInput): Promise<Message> {
    const actor = await this.#memberActorOf(input.connectionId, input.roomId, 'room:post');
    const message = await this.#stored(input.roomId, input.messageId);
    authorize(actor, { action: 'message:delete', message });
    return this.#messages.deleteMessage({
      roomId: input.roomId,
      messageId: input.messageId,
      authorId: actor.userId,
      deletedAt: this.#clock().toISOString(),
    });
  }

  /**
   * A page of a room's history for a connection that has joined the room.
   *
   * @throws {NotConnectedError | NotAMemberError}
   */
  public async history(input: HistoryInput): Promise<HistoryPage> {
    await this.#memberActorOf(input.connectionId, input.roomId, 'room:read');
    return this.readHistory(input);
  }

  /**
   * A page of a room's history for the open HTTP route: rooms are public until an
   * authorizer exists, so there is no actor to check yet.
   */
  public async readHistory(query: HistoryQuery): Promise<HistoryPage> {
    const page = await this.#messages.listMessages(query.roomId, {
      limit: query.limit,
      ...(query.before === undefined ? {} : { before: query.before }),
    });
    return { roomId: query.roomId, ...page };
  }

  async #actorOf(connectionId: string): Promise<Actor> {
    const connection = await this.#connections.getConnection(connectionId);
    if (connection === undefined) throw new NotConnectedError();
    return { kind: 'connection', userId: connection.userId, name: connection.name, connectionId };
  }

  /** The connection's actor, once `authorize` allowed it to post in or read the room. */
  async #memberActorOf(
    connectionId: string,
    roomId: string,
    action: 'room:post' | 'room:read',
  ): Promise<Actor> {
    // Strongly consistent: a join acknowledged a moment ago must already count. The
    // membership carries the member's user id and name (rename keeps them in step), so the
    // hot path reads one item; the connection is read only to tell NOT_CONNECTED apart.
    const membership = await this.#connections.getMember(roomId, connectionId);
    const actor: Actor =
      membership === undefined
        ? await this.#actorOf(connectionId)
        : { kind: 'connection', userId: membership.userId, name: membership.name, connectionId };
    authorize(actor, { action, roomId, membership });
    return actor;
  }

  async #stored(roomId: string, messageId: string): Promise<Message> {
    const message = await this.#messages.getMessage(roomId, messageId);
    if (message === undefined) throw new MessageNotFoundError(roomId, messageId);
    return message;
  }

  async #post(actor: Actor, input: PostInput): Promise<SendResult> {
    const { roomId, text, clientMessageId } = input;
    // A retry (same room and clientMessageId) gets the first message back even from another
    // connection: after a reconnect an anonymous sender has a new user id (PROTOCOL.md).
    return this.#messages.createMessage({
      id: this.#newMessageId(),
      roomId,
      authorId: actor.userId,
      authorName: actor.name,
      text,
      createdAt: this.#clock().toISOString(),
      deleted: false,
      ...(clientMessageId === undefined ? {} : { clientMessageId }),
    });
  }
}
