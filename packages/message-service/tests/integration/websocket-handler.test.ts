import { afterAll, describe, expect, inject, it } from 'vitest';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import {
  clientMessageIdKey,
  ErrorCode,
  memberKey,
  messageKey,
  newMessageId,
  roomPartition,
  toConnectionItem,
  toMemberItem,
  type AckEvent,
} from '@chat/domain';
import {
  actionEvent,
  messageEvent,
  newConnectionId,
  replyOf,
  setUpTable,
} from '@chat/service-kit/testing';

const fixture = await setUpTable(inject('dynamodbEndpoint'), 'message-ws');
const { handler } = await import('../../src/handlers/websocket.js');

afterAll(() => {
  fixture.destroy();
});

const uniqueRoom = (() => {
  let n = 0;
  return (label = 'room') => `${label}-${String((n += 1))}-${String(Date.now())}`;
})();

/** Stores a connection (and its memberships) as the connection service would. */
async function seedConnection(userId: string, name: string, rooms: string[]): Promise<string> {
  const connectionId = newConnectionId();
  const now = new Date().toISOString();
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const connection = {
    connectionId,
    userId,
    name,
    connectedAt: now,
    sourceIp: '203.0.113.7',
    userAgent: 'vitest',
    expiresAt,
  };
  await fixture.putItem({ ...toConnectionItem(connection) });
  for (const roomId of rooms) {
    await fixture.putItem({
      ...toMemberItem({ roomId, connectionId, userId, name, joinedAt: now, expiresAt }),
    });
  }
  return connectionId;
}

/** A message as an `ack` carries it. */
type SentMessage = NonNullable<AckEvent['message']>;

async function send(connectionId: string, frame: Record<string, unknown> & { action: string }) {
  return replyOf(await handler(actionEvent(connectionId, frame)));
}

async function sent(connectionId: string, roomId: string, text: string): Promise<SentMessage> {
  const reply = await send(connectionId, { action: 'sendMessage', roomId, text });
  if (reply.type !== 'ack' || reply.message === undefined) {
    throw new Error(`send failed: ${JSON.stringify(reply)}`);
  }
  return reply.message;
}

async function messagesIn(roomId: string): Promise<Record<string, unknown>[]> {
  const items = await fixture.partition(roomPartition(roomId));
  return items.filter((item) => item.type === 'message');
}

describe('sendMessage', () => {
  it('stores the message and acks it, author id and name taken from the stored connection', async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);

    const reply = await send(ada, {
      action: 'sendMessage',
      roomId,
      text: '  hello  ',
      requestId: 'r-1',
    });

    expect(reply).toMatchObject({
      type: 'ack',
      action: 'sendMessage',
      duplicate: false,
      requestId: 'r-1',
      message: { roomId, authorId: 'u-ada', authorName: 'Ada', text: 'hello', deleted: false },
    });
    if (reply.type !== 'ack' || reply.message === undefined) throw new Error('expected ack');
    const key = messageKey(roomId, reply.message.id);
    expect(await fixture.getItem(key.pk, key.sk)).toMatchObject({
      type: 'message',
      authorId: 'u-ada',
      authorName: 'Ada',
      text: 'hello',
    });
    expect(reply.message.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('ignores a sender name or author id in the body: they cannot be spoofed', async () => {
    const roomId = uniqueRoom();
    const eve = await seedConnection('u-eve', 'Eve', [roomId]);

    const reply = await send(eve, {
      action: 'sendMessage',
      roomId,
      text: 'it is me, Ada',
      name: 'Ada',
      authorName: 'Ada',
      authorId: 'u-ada',
    });

    expect(reply).toMatchObject({ message: { authorId: 'u-eve', authorName: 'Eve' } });
    const [item] = await messagesIn(roomId);
    expect(item).toMatchObject({ authorId: 'u-eve', authorName: 'Eve' });
  });

  it('stores one message for a retried send with the same clientMessageId and returns the same id', async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const frame = { action: 'sendMessage', roomId, text: 'once', clientMessageId: 'cm-1' };

    const first = await send(ada, frame);
    const retry = await send(ada, { ...frame, requestId: 'retry' });

    if (first.type !== 'ack' || retry.type !== 'ack') throw new Error('expected acks');
    expect(first.duplicate).toBe(false);
    expect(retry.duplicate).toBe(true);
    expect(retry.message?.id).toBe(first.message?.id);
    expect(await messagesIn(roomId)).toHaveLength(1);
    const key = clientMessageIdKey(roomId, 'cm-1');
    expect(await fixture.getItem(key.pk, key.sk)).toMatchObject({ messageId: first.message?.id });
  });

  it.each([
    ['wrong JSON', ErrorCode.BAD_JSON, '{"action":"sendMessage","roomId":'],
    ['a missing text', ErrorCode.INVALID_FIELD, { roomId: '$room' }],
    ['a missing roomId', ErrorCode.INVALID_FIELD, { text: 'hi' }],
    ['a blank text', ErrorCode.INVALID_FIELD, { roomId: '$room', text: ' \n\t ' }],
    [
      'a text over 8 KB',
      ErrorCode.INVALID_FIELD,
      { roomId: '$room', text: 'x'.repeat(8 * 1024 + 1) },
    ],
    [
      'a text with control characters',
      ErrorCode.INVALID_FIELD,
      { roomId: '$room', text: 'a\u0000b' },
    ],
    ['a text that is not a string', ErrorCode.INVALID_FIELD, { roomId: '$room', text: 42 }],
    [
      'a malformed clientMessageId',
      ErrorCode.INVALID_FIELD,
      { roomId: '$room', text: 'hi', clientMessageId: 'a b' },
    ],
    ['a 200 KB text', ErrorCode.FRAME_TOO_LARGE, { roomId: '$room', text: 'x'.repeat(200 * 1024) }],
  ])('answers %s with error %s and stores nothing', async (_label, code, fields) => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const body =
      typeof fields === 'string'
        ? fields
        : JSON.stringify({
            action: 'sendMessage',
            requestId: 'r-bad',
            ...Object.fromEntries(
              Object.entries(fields).map(([k, v]) => [k, v === '$room' ? roomId : v]),
            ),
          });
    const before = await fixture.allItems();

    const reply = replyOf(await handler(messageEvent(ada, 'sendMessage', body)));

    expect(reply).toMatchObject({ type: 'error', code });
    if (code === ErrorCode.INVALID_FIELD) expect(reply).toMatchObject({ requestId: 'r-bad' });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('refuses a room not joined with NOT_A_MEMBER and stores nothing', async () => {
    const eve = await seedConnection('u-eve', 'Eve', [uniqueRoom()]);
    const before = await fixture.allItems();

    const reply = await send(eve, { action: 'sendMessage', roomId: uniqueRoom(), text: 'hi' });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_A_MEMBER });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('tells a connection without a record that it is NOT_CONNECTED and stores nothing', async () => {
    const before = await fixture.allItems();

    const reply = await send(newConnectionId(), {
      action: 'sendMessage',
      roomId: 'lobby',
      text: 'hi',
    });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_CONNECTED });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('answers a frame that arrived on another route with UNKNOWN_ACTION and stores nothing', async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const before = await fixture.allItems();
    const body = JSON.stringify({ action: 'sendMessage', roomId, text: 'hi' });

    const reply = replyOf(await handler(messageEvent(ada, 'history', body)));

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.UNKNOWN_ACTION });
    expect(await fixture.allItems()).toEqual(before);
  });
});

describe('editMessage', () => {
  it("acks the author's edit and stores the new text", async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const message = await sent(ada, roomId, 'teh');

    const reply = await send(ada, {
      action: 'editMessage',
      roomId,
      messageId: message.id,
      text: 'the',
      requestId: 'e-1',
    });

    expect(reply).toMatchObject({
      type: 'ack',
      action: 'editMessage',
      requestId: 'e-1',
      message: { id: message.id, text: 'the' },
    });
    const key = messageKey(roomId, message.id);
    const item = await fixture.getItem(key.pk, key.sk);
    expect(item).toMatchObject({ text: 'the' });
    expect(item?.editedAt).toEqual(expect.any(String));
  });

  it("refuses to edit someone else's message with NOT_AUTHOR and changes nothing", async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const eve = await seedConnection('u-eve', 'Eve', [roomId]);
    const message = await sent(ada, roomId, 'mine');
    const before = await fixture.allItems();

    const reply = await send(eve, {
      action: 'editMessage',
      roomId,
      messageId: message.id,
      text: 'hacked',
    });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_AUTHOR });
    expect(await fixture.allItems()).toEqual(before);
  });

  it.each([
    ['a malformed messageId', ErrorCode.INVALID_FIELD, { messageId: 'not-a-uuid', text: 'x' }],
    ['a missing text', ErrorCode.INVALID_FIELD, { messageId: '$message' }],
    [
      'a text over 8 KB',
      ErrorCode.INVALID_FIELD,
      { messageId: '$message', text: 'é'.repeat(4097) },
    ],
    ['an unknown message', ErrorCode.MESSAGE_NOT_FOUND, { messageId: '$unknown', text: 'x' }],
  ])('answers %s with error %s and changes nothing', async (_label, code, fields) => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const message = await sent(ada, roomId, 'original');
    const ids: Record<string, string> = { $message: message.id, $unknown: newMessageId() };
    const frame = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, ids[v] ?? v]));
    const before = await fixture.allItems();

    const reply = await send(ada, { action: 'editMessage', roomId, ...frame });

    expect(reply).toMatchObject({ type: 'error', code });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('refuses the author once they left the room with NOT_A_MEMBER and changes nothing', async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const message = await sent(ada, roomId, 'mine');
    await fixture.documentClient.send(
      new DeleteCommand({ TableName: fixture.table.tableName, Key: memberKey(roomId, ada) }),
    );
    const before = await fixture.allItems();

    const reply = await send(ada, {
      action: 'editMessage',
      roomId,
      messageId: message.id,
      text: 'x',
    });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_A_MEMBER });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('refuses to edit a deleted message with MESSAGE_DELETED', async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const message = await sent(ada, roomId, 'gone soon');
    await send(ada, { action: 'deleteMessage', roomId, messageId: message.id });
    const before = await fixture.allItems();

    const reply = await send(ada, {
      action: 'editMessage',
      roomId,
      messageId: message.id,
      text: 'x',
    });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.MESSAGE_DELETED });
    expect(await fixture.allItems()).toEqual(before);
  });
});

describe('deleteMessage', () => {
  it('acks with the tombstone: same id and author, no text, deleted', async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const message = await sent(ada, roomId, 'oops');

    const reply = await send(ada, { action: 'deleteMessage', roomId, messageId: message.id });

    expect(reply).toMatchObject({
      type: 'ack',
      action: 'deleteMessage',
      message: { id: message.id, authorId: 'u-ada', text: '', deleted: true },
    });
    const key = messageKey(roomId, message.id);
    expect(await fixture.getItem(key.pk, key.sk)).toMatchObject({ text: '', deleted: true });
  });

  it("refuses to delete someone else's message with NOT_AUTHOR and changes nothing", async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    const eve = await seedConnection('u-eve', 'Eve', [roomId]);
    const message = await sent(ada, roomId, 'mine');
    const before = await fixture.allItems();

    const reply = await send(eve, { action: 'deleteMessage', roomId, messageId: message.id });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_AUTHOR });
    expect(await fixture.allItems()).toEqual(before);
  });

  it('answers a missing messageId with INVALID_FIELD and changes nothing', async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    await sent(ada, roomId, 'keep');
    const before = await fixture.allItems();

    const reply = await send(ada, { action: 'deleteMessage', roomId });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.INVALID_FIELD });
    expect(await fixture.allItems()).toEqual(before);
  });
});

describe('history', () => {
  it('pages newest first and hands out a cursor until the last page', async () => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);
    for (const text of ['m0', 'm1', 'm2', 'm3', 'm4']) await sent(ada, roomId, text);

    const first = await send(ada, { action: 'history', roomId, limit: 2, requestId: 'h-1' });
    if (first.type !== 'history') throw new Error('expected history');
    const second = await send(ada, {
      action: 'history',
      roomId,
      limit: 2,
      before: first.nextBefore,
    });
    if (second.type !== 'history') throw new Error('expected history');
    const last = await send(ada, {
      action: 'history',
      roomId,
      limit: 2,
      before: second.nextBefore,
    });
    if (last.type !== 'history') throw new Error('expected history');

    expect(first.requestId).toBe('h-1');
    expect(first.messages.map((m) => m.text)).toEqual(['m4', 'm3']);
    expect(second.messages.map((m) => m.text)).toEqual(['m2', 'm1']);
    expect(last.messages.map((m) => m.text)).toEqual(['m0']);
    expect(last.nextBefore).toBeUndefined();
  });

  it('refuses a room not joined with NOT_A_MEMBER', async () => {
    const eve = await seedConnection('u-eve', 'Eve', []);

    const reply = await send(eve, { action: 'history', roomId: uniqueRoom() });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.NOT_A_MEMBER });
  });

  it.each([
    ['a limit over the maximum', { limit: 101 }],
    ['a limit of zero', { limit: 0 }],
    ['a fractional limit', { limit: 2.5 }],
    ['a malformed cursor', { before: 'yesterday' }],
  ])('answers %s with INVALID_FIELD', async (_label, fields) => {
    const roomId = uniqueRoom();
    const ada = await seedConnection('u-ada', 'Ada', [roomId]);

    const reply = await send(ada, { action: 'history', roomId, ...fields });

    expect(reply).toMatchObject({ type: 'error', code: ErrorCode.INVALID_FIELD });
  });
});

describe('unexpected errors', () => {
  it('replies INTERNAL_ERROR without leaking the cause when the stored record is corrupt', async () => {
    const connectionId = newConnectionId();
    await fixture.putItem({
      pk: `CONN#${connectionId}`,
      sk: 'CONN',
      type: 'connection',
      connectionId,
    });

    const reply = await send(connectionId, {
      action: 'sendMessage',
      roomId: 'lobby',
      text: 'hi',
      requestId: 'r-x',
    });

    expect(reply).toEqual({
      type: 'error',
      code: ErrorCode.INTERNAL_ERROR,
      message: 'Internal error.',
      action: 'sendMessage',
      requestId: 'r-x',
    });
  });
});
