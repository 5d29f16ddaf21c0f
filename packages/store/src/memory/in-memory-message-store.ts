import {
  fromMessageItem,
  MessageDeletedError,
  messageKey,
  MessageNotFoundError,
  NotAuthorError,
  toMessageItem,
  toTombstone,
  type Message,
} from '@chat/domain';
import { IdempotencyRecordError, MessageIdConflictError } from '../errors.js';
import { assertEditedAt, encodeChecked, type StoredItem } from '../items.js';
import { assertPageLimit, compareUtf8 } from '../order.js';
import type {
  CreateMessageResult,
  MessageDeletion,
  MessageEdit,
  MessagePage,
  MessageStore,
} from '../ports.js';
import { settle } from '../settle.js';

/**
 * A `MessageStore` held in process memory, for unit tests and single-process tools. It
 * keeps the DynamoDB adapter's semantics: a `clientMessageId` is used once per room, edits
 * and deletes check the author and the tombstone, history pages run newest first by
 * message id. It holds the domain's table items, so it refuses to write what DynamoDB
 * could not read back and callers never share an object with the store.
 */
export class InMemoryMessageStore implements MessageStore {
  /** roomId → messageId → message item. */
  readonly #rooms = new Map<string, Map<string, StoredItem>>();
  /** roomId → clientMessageId → messageId. */
  readonly #clientMessageIds = new Map<string, Map<string, string>>();

  public createMessage(message: Message): Promise<CreateMessageResult> {
    return settle(() => this.#create(message));
  }

  public getMessage(roomId: string, messageId: string): Promise<Message | undefined> {
    return settle(() => {
      const item = this.#rooms.get(roomId)?.get(messageId);
      return item === undefined ? undefined : fromMessageItem(item);
    });
  }

  public editMessage(input: MessageEdit): Promise<Message> {
    return settle(() => {
      assertEditedAt(input.editedAt);
      const stored = this.#changeable(input.roomId, input.messageId, input.authorId);
      if (stored.deleted) throw new MessageDeletedError(input.messageId);
      return this.#replace({ ...stored, text: input.text, editedAt: input.editedAt });
    });
  }

  public deleteMessage(input: MessageDeletion): Promise<Message> {
    return settle(() => {
      assertEditedAt(input.deletedAt);
      const stored = this.#changeable(input.roomId, input.messageId, input.authorId);
      if (stored.deleted) return stored;
      return this.#replace(toTombstone(stored, input.deletedAt));
    });
  }

  public listMessages(
    roomId: string,
    options: { limit: number; before?: string },
  ): Promise<MessagePage> {
    return settle(() => {
      assertPageLimit(options.limit);
      const { before } = options;
      const sortKey = (messageId: string): string => messageKey(roomId, messageId).sk;
      const older = [...(this.#rooms.get(roomId)?.values() ?? [])]
        .map((item) => fromMessageItem(item))
        .filter(
          (message) =>
            before === undefined || compareUtf8(sortKey(message.id), sortKey(before)) < 0,
        )
        .sort((a, b) => compareUtf8(sortKey(b.id), sortKey(a.id)));
      const messages = older.slice(0, options.limit);
      const last = messages.at(-1);
      return older.length > options.limit && last !== undefined
        ? { messages, nextBefore: last.id }
        : { messages };
    });
  }

  #create(message: Message): CreateMessageResult {
    const { roomId, clientMessageId } = message;
    const { item, value } = encodeChecked(message, toMessageItem, fromMessageItem);
    let messages = this.#rooms.get(roomId);
    let clientIds = this.#clientMessageIds.get(roomId);
    if (clientMessageId !== undefined) {
      const firstId = clientIds?.get(clientMessageId);
      if (firstId !== undefined) {
        const first = messages?.get(firstId);
        if (first === undefined) throw new IdempotencyRecordError(roomId, clientMessageId);
        return { message: fromMessageItem(first), duplicate: true };
      }
    }
    if (messages?.has(message.id) === true) throw new MessageIdConflictError(roomId, message.id);
    if (messages === undefined) {
      messages = new Map();
      this.#rooms.set(roomId, messages);
    }
    messages.set(message.id, item);
    if (clientMessageId !== undefined) {
      if (clientIds === undefined) {
        clientIds = new Map();
        this.#clientMessageIds.set(roomId, clientIds);
      }
      clientIds.set(clientMessageId, message.id);
    }
    return { message: value, duplicate: false };
  }

  /** The stored message, once it is known to exist and to belong to `authorId`. */
  #changeable(roomId: string, messageId: string, authorId: string): Message {
    const item = this.#rooms.get(roomId)?.get(messageId);
    if (item === undefined) throw new MessageNotFoundError(roomId, messageId);
    const stored = fromMessageItem(item);
    if (stored.authorId !== authorId) throw new NotAuthorError();
    return stored;
  }

  #replace(message: Message): Message {
    const { item, value } = encodeChecked(message, toMessageItem, fromMessageItem);
    this.#rooms.get(message.roomId)?.set(message.id, item);
    return value;
  }
}
