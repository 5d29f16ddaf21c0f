/**
 * The behaviour every `MessageStore` must have. The same suite runs against the in-memory
 * adapter (unit) and the DynamoDB adapter (integration, DynamoDB Local), which is what lets
 * service unit tests trust the in-memory one.
 */
import {
  MessageDeletedError,
  MessageNotFoundError,
  newMessageId,
  NotAuthorError,
  UnknownItemError,
  type Message,
} from '@chat/domain';
import { beforeEach, describe, expect, it } from 'vitest';
import { MessageIdConflictError, type MessageStore } from '../../src/index.js';
import { aMessage, at, unique } from './fixtures.js';

export function describeMessageStoreContract(
  adapter: string,
  makeStore: () => MessageStore | Promise<MessageStore>,
): void {
  describe(`MessageStore contract (${adapter})`, () => {
    let store: MessageStore;

    beforeEach(async () => {
      store = await makeStore();
    });

    /** Stores `count` messages in one room, oldest first, and returns them in that order. */
    async function seedRoom(roomId: string, count: number): Promise<Message[]> {
      const messages: Message[] = [];
      for (let i = 0; i < count; i += 1) {
        const message = aMessage({ roomId, text: `message ${i}` });
        await store.createMessage(message);
        messages.push(message);
      }
      return messages;
    }

    describe('createMessage', () => {
      it('stores a new message and reports it as not a duplicate', async () => {
        const message = aMessage({ clientMessageId: unique('client') });

        const result = await store.createMessage(message);

        expect(result).toEqual({ message, duplicate: false });
        expect(await store.getMessage(message.roomId, message.id)).toEqual(message);
      });

      it('stores every message that has no clientMessageId', async () => {
        const roomId = unique('room');
        const first = aMessage({ roomId, text: 'same' });
        const second = aMessage({ roomId, text: 'same' });

        await store.createMessage(first);
        await store.createMessage(second);

        const page = await store.listMessages(roomId, { limit: 10 });
        expect(page.messages).toEqual([second, first]);
      });

      it('returns the first message for a retried clientMessageId and stores one message', async () => {
        const roomId = unique('room');
        const clientMessageId = unique('client');
        const first = aMessage({ roomId, clientMessageId, text: 'first try' });
        await store.createMessage(first);

        const retry = await store.createMessage(
          aMessage({ roomId, clientMessageId, text: 'second try' }),
        );

        expect(retry).toEqual({ message: first, duplicate: true });
        expect((await store.listMessages(roomId, { limit: 10 })).messages).toEqual([first]);
      });

      it('returns the current state of the first message when it was edited since', async () => {
        const roomId = unique('room');
        const clientMessageId = unique('client');
        const first = aMessage({ roomId, clientMessageId });
        await store.createMessage(first);
        const edited = await store.editMessage({
          roomId,
          messageId: first.id,
          authorId: first.authorId,
          text: 'edited',
          editedAt: at(50),
        });

        const retry = await store.createMessage(aMessage({ roomId, clientMessageId }));

        expect(retry).toEqual({ message: edited, duplicate: true });
      });

      it('treats the same clientMessageId in another room as a new message', async () => {
        const clientMessageId = unique('client');
        const inFirstRoom = aMessage({ clientMessageId });
        const inSecondRoom = aMessage({ clientMessageId });

        await store.createMessage(inFirstRoom);
        const result = await store.createMessage(inSecondRoom);

        expect(result).toEqual({ message: inSecondRoom, duplicate: false });
      });

      it('rejects a message whose id is already stored and keeps the stored one', async () => {
        const message = aMessage();
        await store.createMessage(message);

        await expect(store.createMessage({ ...message, text: 'impostor' })).rejects.toBeInstanceOf(
          MessageIdConflictError,
        );
        expect(await store.getMessage(message.roomId, message.id)).toEqual(message);
      });
    });

    describe('createMessage with a message the codecs reject', () => {
      it('rejects it and stores nothing', async () => {
        const message = aMessage({ createdAt: 'yesterday', clientMessageId: unique('client') });

        await expect(store.createMessage(message)).rejects.toBeInstanceOf(UnknownItemError);
        expect(await store.listMessages(message.roomId, { limit: 10 })).toEqual({ messages: [] });
      });
    });

    describe('getMessage', () => {
      it('returns undefined for an unknown message', async () => {
        expect(await store.getMessage(unique('room'), newMessageId())).toBeUndefined();
      });

      it('does not find a message under another room', async () => {
        const message = aMessage();
        await store.createMessage(message);

        expect(await store.getMessage(unique('room'), message.id)).toBeUndefined();
      });
    });

    describe('editMessage', () => {
      it('replaces the text, sets editedAt and keeps everything else', async () => {
        const message = aMessage({ clientMessageId: unique('client') });
        await store.createMessage(message);

        const edited = await store.editMessage({
          roomId: message.roomId,
          messageId: message.id,
          authorId: message.authorId,
          text: 'better words',
          editedAt: at(60),
        });

        expect(edited).toEqual({ ...message, text: 'better words', editedAt: at(60) });
        expect(await store.getMessage(message.roomId, message.id)).toEqual(edited);
      });

      it('throws MessageNotFoundError for an unknown message and stores nothing', async () => {
        const roomId = unique('room');
        const messageId = newMessageId();

        await expect(
          store.editMessage({ roomId, messageId, authorId: 'anyone', text: 'x', editedAt: at(1) }),
        ).rejects.toBeInstanceOf(MessageNotFoundError);
        expect(await store.getMessage(roomId, messageId)).toBeUndefined();
      });

      it("throws NotAuthorError for someone else's message and leaves it unchanged", async () => {
        const message = aMessage();
        await store.createMessage(message);

        await expect(
          store.editMessage({
            roomId: message.roomId,
            messageId: message.id,
            authorId: unique('intruder'),
            text: 'hijacked',
            editedAt: at(60),
          }),
        ).rejects.toBeInstanceOf(NotAuthorError);
        expect(await store.getMessage(message.roomId, message.id)).toEqual(message);
      });

      it('throws MessageDeletedError for a tombstone and leaves it unchanged', async () => {
        const message = aMessage();
        await store.createMessage(message);
        const tombstone = await store.deleteMessage({
          roomId: message.roomId,
          messageId: message.id,
          authorId: message.authorId,
          deletedAt: at(60),
        });

        await expect(
          store.editMessage({
            roomId: message.roomId,
            messageId: message.id,
            authorId: message.authorId,
            text: 'revived',
            editedAt: at(70),
          }),
        ).rejects.toBeInstanceOf(MessageDeletedError);
        expect(await store.getMessage(message.roomId, message.id)).toEqual(tombstone);
      });
    });

    describe('changes the codecs reject', () => {
      it('rejects an edit with a malformed editedAt and leaves the message unchanged', async () => {
        const message = aMessage();
        await store.createMessage(message);

        await expect(
          store.editMessage({
            roomId: message.roomId,
            messageId: message.id,
            authorId: message.authorId,
            text: 'new',
            editedAt: 'later',
          }),
        ).rejects.toBeInstanceOf(UnknownItemError);
        expect(await store.getMessage(message.roomId, message.id)).toEqual(message);
      });

      it('rejects a delete with a malformed deletedAt and leaves the message unchanged', async () => {
        const message = aMessage();
        await store.createMessage(message);

        await expect(
          store.deleteMessage({
            roomId: message.roomId,
            messageId: message.id,
            authorId: message.authorId,
            deletedAt: 'later',
          }),
        ).rejects.toBeInstanceOf(UnknownItemError);
        expect(await store.getMessage(message.roomId, message.id)).toEqual(message);
      });
    });

    describe('deleteMessage', () => {
      it('turns the message into a tombstone with empty text', async () => {
        const message = aMessage({ clientMessageId: unique('client') });
        await store.createMessage(message);

        const tombstone = await store.deleteMessage({
          roomId: message.roomId,
          messageId: message.id,
          authorId: message.authorId,
          deletedAt: at(60),
        });

        expect(tombstone).toEqual({ ...message, text: '', editedAt: at(60), deleted: true });
        expect(await store.getMessage(message.roomId, message.id)).toEqual(tombstone);
      });

      it('returns the tombstone unchanged when deleted again', async () => {
        const message = aMessage();
        await store.createMessage(message);
        const input = {
          roomId: message.roomId,
          messageId: message.id,
          authorId: message.authorId,
        };
        const first = await store.deleteMessage({ ...input, deletedAt: at(60) });

        const second = await store.deleteMessage({ ...input, deletedAt: at(90) });

        expect(second).toEqual(first);
        expect(await store.getMessage(message.roomId, message.id)).toEqual(first);
      });

      it('throws MessageNotFoundError for an unknown message and stores nothing', async () => {
        const roomId = unique('room');
        const messageId = newMessageId();

        await expect(
          store.deleteMessage({ roomId, messageId, authorId: 'anyone', deletedAt: at(1) }),
        ).rejects.toBeInstanceOf(MessageNotFoundError);
        expect(await store.getMessage(roomId, messageId)).toBeUndefined();
      });

      it("throws NotAuthorError for someone else's message and leaves it unchanged", async () => {
        const message = aMessage();
        await store.createMessage(message);

        await expect(
          store.deleteMessage({
            roomId: message.roomId,
            messageId: message.id,
            authorId: unique('intruder'),
            deletedAt: at(60),
          }),
        ).rejects.toBeInstanceOf(NotAuthorError);
        expect(await store.getMessage(message.roomId, message.id)).toEqual(message);
      });

      it("throws NotAuthorError for someone else's tombstone", async () => {
        const message = aMessage();
        await store.createMessage(message);
        const input = { roomId: message.roomId, messageId: message.id, deletedAt: at(60) };
        await store.deleteMessage({ ...input, authorId: message.authorId });

        await expect(
          store.deleteMessage({ ...input, authorId: unique('intruder') }),
        ).rejects.toBeInstanceOf(NotAuthorError);
      });
    });

    describe('listMessages', () => {
      it('returns the newest messages first, at most limit, with a cursor to older ones', async () => {
        const roomId = unique('room');
        const messages = await seedRoom(roomId, 5);

        const page = await store.listMessages(roomId, { limit: 3 });

        expect(page.messages).toEqual([messages[4], messages[3], messages[2]]);
        expect(page.nextBefore).toBe(messages[2]!.id);
      });

      it('returns the messages older than before, excluding before itself', async () => {
        const roomId = unique('room');
        const messages = await seedRoom(roomId, 5);

        const page = await store.listMessages(roomId, { limit: 3, before: messages[2]!.id });

        expect(page).toEqual({ messages: [messages[1], messages[0]] });
      });

      it('gives no cursor when the page holds exactly the remaining messages', async () => {
        const roomId = unique('room');
        const messages = await seedRoom(roomId, 3);

        const page = await store.listMessages(roomId, { limit: 3 });

        expect(page).toEqual({ messages: [...messages].reverse() });
        expect(page).not.toHaveProperty('nextBefore');
      });

      it('pages through the whole room without gaps or repeats', async () => {
        const roomId = unique('room');
        const messages = await seedRoom(roomId, 7);
        const seen: Message[] = [];

        let before: string | undefined;
        let pages = 0;
        do {
          const page = await store.listMessages(roomId, {
            limit: 2,
            ...(before === undefined ? {} : { before }),
          });
          seen.push(...page.messages);
          before = page.nextBefore;
          pages += 1;
        } while (before !== undefined);

        expect(pages).toBe(4);
        expect(seen).toEqual([...messages].reverse());
      });

      it('accepts a cursor that is not a stored message id', async () => {
        const roomId = unique('room');
        const [older] = await seedRoom(roomId, 1);
        const between = newMessageId();
        await seedRoom(roomId, 1);

        const page = await store.listMessages(roomId, { limit: 10, before: between });

        expect(page).toEqual({ messages: [older] });
      });

      it('includes tombstones, and nothing but messages', async () => {
        const roomId = unique('room');
        const message = aMessage({ roomId, clientMessageId: unique('client') });
        await store.createMessage(message);
        const tombstone = await store.deleteMessage({
          roomId,
          messageId: message.id,
          authorId: message.authorId,
          deletedAt: at(60),
        });

        expect(await store.listMessages(roomId, { limit: 10 })).toEqual({ messages: [tombstone] });
      });

      it('returns an empty page for a room without messages', async () => {
        expect(await store.listMessages(unique('room'), { limit: 10 })).toEqual({ messages: [] });
      });

      it('rejects a limit below 1', async () => {
        await expect(store.listMessages(unique('room'), { limit: 0 })).rejects.toBeInstanceOf(
          RangeError,
        );
      });
    });
  });
}
