import {
  clientMessageIdKey,
  IDEMPOTENCY_TTL_SECONDS,
  roomPartition,
  toClientMessageIdItem,
  toMessageItem,
  type Message,
} from '@chat/domain';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoMessageStore } from '../../src/dynamodb/index.js';
import { itemsOf, useTestTable, writeItems } from '../helpers/dynamo-table.js';
import { aMessage, at, unique } from '../helpers/fixtures.js';

const table = useTestTable('messages');

function store(): DynamoMessageStore {
  return new DynamoMessageStore({ tableName: table().tableName, client: table().documentClient });
}

/** Writes message items directly, optionally padded to make them large. */
function writeMessages(messages: Message[], padding = ''): Promise<void> {
  return writeItems(
    table(),
    messages.map((message) => ({
      ...toMessageItem(message),
      ...(padding === '' ? {} : { padding }),
    })),
  );
}

/** Reads the whole room through `listMessages`, page by page. */
async function readAllPages(roomId: string, limit: number): Promise<Message[][]> {
  const pages: Message[][] = [];
  let before: string | undefined;
  do {
    const page = await store().listMessages(roomId, {
      limit,
      ...(before === undefined ? {} : { before }),
    });
    pages.push(page.messages);
    before = page.nextBefore;
  } while (before !== undefined);
  return pages;
}

describe('DynamoMessageStore', () => {
  it('writes the message item and a clientMessageId record that expires a day after it', async () => {
    const message = aMessage({ clientMessageId: unique('client'), createdAt: at(100) });

    await store().createMessage(message);

    const expiresAt = Math.floor(Date.parse(at(100)) / 1000) + IDEMPOTENCY_TTL_SECONDS;
    const items = await itemsOf(table(), { pk: roomPartition(message.roomId) });
    expect(items).toHaveLength(2);
    expect(items).toEqual(
      expect.arrayContaining([
        toMessageItem(message),
        toClientMessageIdItem(message.roomId, message.clientMessageId!, message.id, expiresAt),
      ]),
    );
  });

  it('writes no clientMessageId record for a message without one', async () => {
    const message = aMessage();

    await store().createMessage(message);

    expect(await itemsOf(table(), { pk: roomPartition(message.roomId) })).toEqual([
      toMessageItem(message),
    ]);
  });

  it('stores one message when the same send arrives ten times at once', async () => {
    const roomId = unique('room');
    const clientMessageId = unique('client');
    const attempts = Array.from({ length: 10 }, (_, i) =>
      aMessage({ roomId, clientMessageId, text: `attempt ${i}` }),
    );

    const results = await Promise.all(attempts.map((message) => store().createMessage(message)));

    const created = results.filter((result) => !result.duplicate);
    expect(created).toHaveLength(1);
    const stored = created[0]!.message;
    expect(results.map((result) => result.message)).toEqual(results.map(() => stored));
    const items = await itemsOf(table(), { pk: roomPartition(roomId) });
    expect(items.filter((item) => item.type === 'message')).toEqual([toMessageItem(stored)]);
    expect(items.filter((item) => item.type === 'clientMessageId')).toEqual([
      expect.objectContaining({
        ...clientMessageIdKey(roomId, clientMessageId),
        messageId: stored.id,
      }),
    ]);
  });

  it('pages 250 messages newest first without gaps or repeats', async () => {
    const roomId = unique('busy');
    const messages = Array.from({ length: 250 }, (_, i) => aMessage({ roomId, text: `#${i}` }));
    await writeMessages(messages);

    const pages = await readAllPages(roomId, 37);

    expect(pages.map((page) => page.length)).toEqual([37, 37, 37, 37, 37, 37, 28]);
    expect(pages.flat()).toEqual([...messages].reverse());
  });

  it('fills a page that spans several DynamoDB responses of 1 MB', async () => {
    const roomId = unique('heavy');
    const messages = Array.from({ length: 8 }, () => aMessage({ roomId }));
    await writeMessages(messages, 'x'.repeat(300_000));
    const raw = await table().documentClient.send(
      new QueryCommand({
        TableName: table().tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': roomPartition(roomId) },
        ScanIndexForward: false,
        Limit: 7,
      }),
    );

    const page = await store().listMessages(roomId, { limit: 6 });

    expect(raw.Items!.length).toBeLessThan(7);
    expect(page.messages.map((message) => message.id)).toEqual(
      messages
        .slice(2)
        .reverse()
        .map((message) => message.id),
    );
    expect(page.nextBefore).toBe(messages[2]!.id);
  });

  it('leaves members and clientMessageId records out of history', async () => {
    const roomId = unique('mixed');
    const message = aMessage({ roomId, clientMessageId: unique('client') });
    await store().createMessage(message);
    await writeItems(table(), [
      { pk: roomPartition(roomId), sk: 'MEMBER#someone', type: 'member' },
    ]);

    const page = await store().listMessages(roomId, { limit: 10 });

    expect(page).toEqual({ messages: [message] });
  });

  it('writes nothing when a tombstone is deleted again', async () => {
    const message = aMessage();
    await store().createMessage(message);
    const input = { roomId: message.roomId, messageId: message.id, authorId: message.authorId };
    await store().deleteMessage({ ...input, deletedAt: at(60) });
    const before = await itemsOf(table(), { pk: roomPartition(message.roomId) });

    await store().deleteMessage({ ...input, deletedAt: at(90) });

    expect(await itemsOf(table(), { pk: roomPartition(message.roomId) })).toEqual(before);
  });
});
