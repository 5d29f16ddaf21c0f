import { describe, expect, it } from 'vitest';
import { ErrorCode, newMessageId, type Connection, type Message } from '@chat/domain';
import { errorCodeOf } from '@chat/service-kit/testing';
import { InMemoryConnectionStore, InMemoryMessageStore } from '@chat/store/memory';
import { MessageService } from '../../src/service.js';

const NOW = new Date('2025-06-01T12:00:00.000Z');

function connection(connectionId: string, userId: string, name: string): Connection {
  return {
    connectionId,
    userId,
    name,
    connectedAt: NOW.toISOString(),
    sourceIp: '203.0.113.7',
    userAgent: 'vitest',
    expiresAt: 2_000_000_000,
  };
}

/** Ada (c1) and Bob (c2) connected; both joined `lobby`; Eve (c3) connected, in no room. */
async function setup() {
  const messages = new InMemoryMessageStore();
  const connections = new InMemoryConnectionStore();
  let now = NOW;
  const service = new MessageService({ messages, connections, clock: () => now });
  for (const [id, user, name] of [
    ['c1', 'u-ada', 'Ada'],
    ['c2', 'u-bob', 'Bob'],
    ['c3', 'u-eve', 'Eve'],
  ] as const) {
    await connections.putConnection(connection(id, user, name));
  }
  for (const id of ['c1', 'c2']) {
    await connections.addMember({
      roomId: 'lobby',
      connectionId: id,
      userId: id === 'c1' ? 'u-ada' : 'u-bob',
      name: id === 'c1' ? 'Ada' : 'Bob',
      joinedAt: NOW.toISOString(),
      expiresAt: 2_000_000_000,
    });
  }
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };
  return { messages, connections, service, advance };
}

async function allMessages(messages: InMemoryMessageStore, roomId = 'lobby'): Promise<Message[]> {
  return (await messages.listMessages(roomId, { limit: 100 })).messages;
}

describe('sendMessage', () => {
  it('stores the message with the author id and name from the stored connection', async () => {
    const { messages, service } = await setup();

    const { message, duplicate } = await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'hello',
    });

    expect(duplicate).toBe(false);
    expect(message).toMatchObject({
      roomId: 'lobby',
      authorId: 'u-ada',
      authorName: 'Ada',
      text: 'hello',
      createdAt: NOW.toISOString(),
      deleted: false,
    });
    expect(message.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(await allMessages(messages)).toEqual([message]);
  });

  it('stores one message for a retried send with the same clientMessageId', async () => {
    const { messages, service } = await setup();
    const send = { connectionId: 'c1', roomId: 'lobby', text: 'once', clientMessageId: 'k-1' };

    const first = await service.sendMessage(send);
    const retry = await service.sendMessage(send);

    expect(retry).toEqual({ message: first.message, duplicate: true });
    expect(await allMessages(messages)).toHaveLength(1);
  });

  it('acks a retry from a new connection (after a reconnect) with the first message', async () => {
    const { connections, messages, service } = await setup();
    await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'a',
      clientMessageId: 'k',
    });
    await connections.putConnection(connection('c9', 'u-ada-again', 'Ada'));
    await connections.addMember({
      roomId: 'lobby',
      connectionId: 'c9',
      userId: 'u-ada-again',
      name: 'Ada',
      joinedAt: NOW.toISOString(),
      expiresAt: 2_000_000_000,
    });

    const retry = await service.sendMessage({
      connectionId: 'c9',
      roomId: 'lobby',
      text: 'a',
      clientMessageId: 'k',
    });

    expect(retry.duplicate).toBe(true);
    expect(retry.message.authorId).toBe('u-ada');
    expect(await allMessages(messages)).toHaveLength(1);
  });

  it('refuses a room not joined with NOT_A_MEMBER and stores nothing', async () => {
    const { messages, service } = await setup();

    const code = await errorCodeOf(
      service.sendMessage({ connectionId: 'c3', roomId: 'lobby', text: 'x' }),
    );

    expect(code).toBe(ErrorCode.NOT_A_MEMBER);
    expect(await allMessages(messages)).toEqual([]);
  });

  it('refuses a connection without a record with NOT_CONNECTED and stores nothing', async () => {
    const { messages, service } = await setup();

    const code = await errorCodeOf(
      service.sendMessage({ connectionId: 'gone', roomId: 'lobby', text: 'x' }),
    );

    expect(code).toBe(ErrorCode.NOT_CONNECTED);
    expect(await allMessages(messages)).toEqual([]);
  });
});

describe('postAsService', () => {
  it('posts in any room as the named bot of the IAM caller', async () => {
    const { messages, service } = await setup();

    const { message, duplicate } = await service.postAsService({
      roomId: 'announcements',
      text: 'deploy finished',
      botName: 'CI',
      callerArn: 'arn:aws:iam::123456789012:role/ci',
    });

    expect(duplicate).toBe(false);
    expect(message).toMatchObject({
      authorId: 'bot:arn:aws:iam::123456789012:role/ci',
      authorName: 'CI',
    });
    expect(await allMessages(messages, 'announcements')).toEqual([message]);
  });

  it("names an unknown caller 'bot:unknown' and is idempotent on clientMessageId", async () => {
    const { messages, service } = await setup();
    const post = { roomId: 'lobby', text: 'hi', botName: 'CI', clientMessageId: 'job-7' };

    const first = await service.postAsService(post);
    const retry = await service.postAsService(post);

    expect(first.message.authorId).toBe('bot:unknown');
    expect(retry).toEqual({ message: first.message, duplicate: true });
    expect(await allMessages(messages)).toHaveLength(1);
  });
});

describe('editMessage', () => {
  it("replaces the text of the author's own message", async () => {
    const { messages, service, advance } = await setup();
    const { message } = await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'teh',
    });
    advance(1000);

    const edited = await service.editMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      messageId: message.id,
      text: 'the',
    });

    expect(edited).toMatchObject({
      id: message.id,
      text: 'the',
      editedAt: '2025-06-01T12:00:01.000Z',
    });
    expect(await messages.getMessage('lobby', message.id)).toEqual(edited);
  });

  it("refuses to edit someone else's message with NOT_AUTHOR and changes nothing", async () => {
    const { messages, service } = await setup();
    const { message } = await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'mine',
    });

    const code = await errorCodeOf(
      service.editMessage({
        connectionId: 'c2',
        roomId: 'lobby',
        messageId: message.id,
        text: 'x',
      }),
    );

    expect(code).toBe(ErrorCode.NOT_AUTHOR);
    expect(await messages.getMessage('lobby', message.id)).toEqual(message);
  });

  it('refuses the author once they left the room with NOT_A_MEMBER and changes nothing', async () => {
    const { connections, messages, service } = await setup();
    const { message } = await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'mine',
    });
    await connections.removeMember('lobby', 'c1');

    const code = await errorCodeOf(
      service.editMessage({
        connectionId: 'c1',
        roomId: 'lobby',
        messageId: message.id,
        text: 'x',
      }),
    );

    expect(code).toBe(ErrorCode.NOT_A_MEMBER);
    expect(await messages.getMessage('lobby', message.id)).toEqual(message);
  });

  it('refuses a message that does not exist with MESSAGE_NOT_FOUND', async () => {
    const { service } = await setup();

    const code = await errorCodeOf(
      service.editMessage({
        connectionId: 'c1',
        roomId: 'lobby',
        messageId: newMessageId(),
        text: 'x',
      }),
    );

    expect(code).toBe(ErrorCode.MESSAGE_NOT_FOUND);
  });

  it('refuses to edit a deleted message with MESSAGE_DELETED', async () => {
    const { messages, service } = await setup();
    const { message } = await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'a',
    });
    const tombstone = await service.deleteMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      messageId: message.id,
    });

    const code = await errorCodeOf(
      service.editMessage({
        connectionId: 'c1',
        roomId: 'lobby',
        messageId: message.id,
        text: 'b',
      }),
    );

    expect(code).toBe(ErrorCode.MESSAGE_DELETED);
    expect(await messages.getMessage('lobby', message.id)).toEqual(tombstone);
  });
});

describe('deleteMessage', () => {
  it('leaves a tombstone with the same id and author and no text', async () => {
    const { messages, service } = await setup();
    const { message } = await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'oops',
    });

    const tombstone = await service.deleteMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      messageId: message.id,
    });

    expect(tombstone).toMatchObject({ id: message.id, authorId: 'u-ada', text: '', deleted: true });
    expect(await allMessages(messages)).toEqual([tombstone]);
  });

  it("refuses to delete someone else's message with NOT_AUTHOR and changes nothing", async () => {
    const { messages, service } = await setup();
    const { message } = await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'mine',
    });

    const code = await errorCodeOf(
      service.deleteMessage({ connectionId: 'c2', roomId: 'lobby', messageId: message.id }),
    );

    expect(code).toBe(ErrorCode.NOT_AUTHOR);
    expect(await messages.getMessage('lobby', message.id)).toEqual(message);
  });

  it('refuses a connection that has not joined the room with NOT_A_MEMBER', async () => {
    const { messages, service } = await setup();
    const { message } = await service.sendMessage({
      connectionId: 'c1',
      roomId: 'lobby',
      text: 'x',
    });

    const code = await errorCodeOf(
      service.deleteMessage({ connectionId: 'c3', roomId: 'lobby', messageId: message.id }),
    );

    expect(code).toBe(ErrorCode.NOT_A_MEMBER);
    expect(await messages.getMessage('lobby', message.id)).toEqual(message);
  });
});

describe('history', () => {
  async function seed(service: MessageService, count: number): Promise<Message[]> {
    const sent: Message[] = [];
    for (let i = 0; i < count; i += 1) {
      sent.push(
        (await service.sendMessage({ connectionId: 'c1', roomId: 'lobby', text: `m${i}` })).message,
      );
    }
    return sent;
  }

  it('pages newest first with a cursor until the last page', async () => {
    const { service } = await setup();
    const sent = await seed(service, 5);

    const first = await service.history({ connectionId: 'c2', roomId: 'lobby', limit: 2 });
    const second = await service.history({
      connectionId: 'c2',
      roomId: 'lobby',
      limit: 2,
      before: first.nextBefore,
    });
    const last = await service.history({
      connectionId: 'c2',
      roomId: 'lobby',
      limit: 2,
      before: second.nextBefore,
    });

    expect(first.messages.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(second.messages.map((m) => m.text)).toEqual(['m2', 'm1']);
    expect(last).toEqual({ roomId: 'lobby', messages: [sent[0]] });
  });

  it('refuses a room not joined with NOT_A_MEMBER', async () => {
    const { service } = await setup();

    expect(
      await errorCodeOf(service.history({ connectionId: 'c3', roomId: 'lobby', limit: 10 })),
    ).toBe(ErrorCode.NOT_A_MEMBER);
  });

  it('serves the open HTTP read without a membership', async () => {
    const { service } = await setup();
    await seed(service, 3);

    const page = await service.readHistory({ roomId: 'lobby', limit: 10 });

    expect(page.messages.map((m) => m.text)).toEqual(['m2', 'm1', 'm0']);
    expect(page.nextBefore).toBeUndefined();
  });
});
