import { afterAll, describe, expect, inject, it } from 'vitest';
import { ErrorCode, messageKey, roomPartition, type Message } from '@chat/domain';
import type { HttpResult } from '@chat/service-kit';
import { httpEvent, setUpTable } from '@chat/service-kit/testing';

const fixture = await setUpTable(inject('dynamodbEndpoint'), 'message-http');
const { handler } = await import('../../src/handlers/http.js');

afterAll(() => {
  fixture.destroy();
});

const CI_ARN = 'arn:aws:sts::123456789012:assumed-role/ci-deployer/ci-job';
const PATH = '/rooms/{roomId}/messages';

const uniqueRoom = (() => {
  let n = 0;
  return (label = 'room') => `${label}-${String((n += 1))}-${String(Date.now())}`;
})();

/** A POST as API Gateway passes it on; `iamUserArn: null` leaves out the IAM context. */
function post(roomId: string, body: unknown, iamUserArn: string | null = CI_ARN) {
  return handler(
    httpEvent(
      'POST',
      PATH,
      { roomId },
      {
        body: typeof body === 'string' ? body : JSON.stringify(body),
        ...(iamUserArn === null ? {} : { iamUserArn }),
      },
    ),
  );
}

function get(roomId: string, query?: Record<string, string>) {
  return handler(httpEvent('GET', PATH, { roomId }, query === undefined ? {} : { query }));
}

interface Page {
  roomId: string;
  messages: Message[];
  nextBefore?: string;
}

interface ErrorBody {
  code: string;
  message: string;
  details?: { path: string; message: string }[];
}

/** The JSON body of a response, after checking it is declared as JSON. */
function bodyOf(result: HttpResult): unknown {
  expect(result.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(result.body);
}

async function messagesIn(roomId: string): Promise<Record<string, unknown>[]> {
  return (await fixture.partition(roomPartition(roomId))).filter((item) => item.type === 'message');
}

describe('POST /rooms/{roomId}/messages', () => {
  it('stores the message as the named bot of the IAM caller and answers 201', async () => {
    const roomId = uniqueRoom();

    const result = await post(roomId, { text: 'deploy finished', botName: 'CI bot' });

    expect(result.statusCode).toBe(201);
    const { message } = bodyOf(result) as { message: Message };
    expect(message).toMatchObject({
      roomId,
      authorId: `bot:${CI_ARN}`,
      authorName: 'CI bot',
      text: 'deploy finished',
      deleted: false,
    });
    const key = messageKey(roomId, message.id);
    expect(await fixture.getItem(key.pk, key.sk)).toMatchObject({ authorId: `bot:${CI_ARN}` });
  });

  it('answers a retry with the same clientMessageId with 200, duplicate and the same message', async () => {
    const roomId = uniqueRoom();
    const body = { text: 'nightly build green', botName: 'CI', clientMessageId: 'build-812' };

    const first = await post(roomId, body);
    const retry = await post(roomId, body);

    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(200);
    const firstBody = bodyOf(first) as { message: Message };
    expect(bodyOf(retry)).toEqual({ message: firstBody.message, duplicate: true });
    expect(await messagesIn(roomId)).toHaveLength(1);
  });

  it("names a caller without an IAM identity 'bot:unknown'", async () => {
    const roomId = uniqueRoom();

    const result = await post(roomId, { text: 'hi', botName: 'Cron' }, null);

    expect((bodyOf(result) as { message: Message }).message.authorId).toBe('bot:unknown');
  });

  it.each([
    ['wrong JSON', ErrorCode.BAD_JSON, '{"text":', undefined],
    ['a JSON array', ErrorCode.BAD_JSON, '[]', undefined],
    ['a missing botName', ErrorCode.INVALID_FIELD, { text: 'hi' }, 'botName'],
    [
      'an oversize botName',
      ErrorCode.INVALID_FIELD,
      { text: 'hi', botName: 'b'.repeat(33) },
      'botName',
    ],
    ['a missing text', ErrorCode.INVALID_FIELD, { botName: 'CI' }, 'text'],
    [
      'a 200 KB text',
      ErrorCode.INVALID_FIELD,
      { text: 'x'.repeat(200 * 1024), botName: 'CI' },
      'text',
    ],
    [
      'a malformed clientMessageId',
      ErrorCode.INVALID_FIELD,
      { text: 'hi', botName: 'CI', clientMessageId: '' },
      'clientMessageId',
    ],
  ])('answers %s with 400 %s and stores nothing', async (_label, code, body, field) => {
    const roomId = uniqueRoom();
    const before = await fixture.allItems();

    const result = await post(roomId, body);

    expect(result.statusCode).toBe(400);
    const answer = bodyOf(result) as ErrorBody;
    expect(answer.code).toBe(code);
    expect(answer.message).toEqual(expect.any(String));
    if (code === ErrorCode.INVALID_FIELD) {
      expect(answer.details?.map((detail) => detail.path)).toEqual([field]);
    }
    expect(await fixture.allItems()).toEqual(before);
  });

  it('answers a malformed room id with 400 and stores nothing', async () => {
    const before = await fixture.allItems();

    const result = await post('bad room', { text: 'hi', botName: 'CI' });

    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({
      code: ErrorCode.INVALID_FIELD,
      details: [{ path: 'roomId' }],
    });
    expect(await fixture.allItems()).toEqual(before);
  });
});

describe('GET /rooms/{roomId}/messages', () => {
  it('pages newest first with limit and before, like the WebSocket history', async () => {
    const roomId = uniqueRoom();
    for (const text of ['m0', 'm1', 'm2']) await post(roomId, { text, botName: 'CI' });

    const first = bodyOf(await get(roomId, { limit: '2' })) as Page;
    const second = bodyOf(
      await get(roomId, { limit: '2', before: first.nextBefore ?? '' }),
    ) as Page;

    expect(first.roomId).toBe(roomId);
    expect(first.messages.map((m) => m.text)).toEqual(['m2', 'm1']);
    expect(first.nextBefore).toBe(first.messages[1]?.id);
    expect(second.roomId).toBe(roomId);
    expect(second.messages.map((m) => m.text)).toEqual(['m0']);
    expect(second.nextBefore).toBeUndefined();
  });

  it('uses the default page size without a limit', async () => {
    const roomId = uniqueRoom();
    await post(roomId, { text: 'only', botName: 'CI' });

    const result = await get(roomId);

    expect(result.statusCode).toBe(200);
    expect((bodyOf(result) as Page).messages).toHaveLength(1);
  });

  it.each([
    ['a limit over the maximum', { limit: '101' }, 'limit'],
    ['a limit of zero', { limit: '0' }, 'limit'],
    ['a limit that is not a number', { limit: 'ten' }, 'limit'],
    ['a negative limit', { limit: '-5' }, 'limit'],
    ['a malformed cursor', { before: 'yesterday' }, 'before'],
  ])('answers %s with 400 and the field that is wrong', async (_label, query, field) => {
    const result = await get(uniqueRoom(), query);

    expect(result.statusCode).toBe(400);
    const answer = bodyOf(result) as ErrorBody;
    expect(answer.code).toBe(ErrorCode.INVALID_FIELD);
    expect(answer.message).toContain(field);
    expect(answer.details?.map((detail) => detail.path)).toEqual([field]);
  });
});
