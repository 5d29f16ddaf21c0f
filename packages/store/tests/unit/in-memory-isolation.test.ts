import type { Message } from '@chat/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryConnectionStore, InMemoryMessageStore } from '../../src/memory/index.js';
import { aConnection, aMember, aMessage, unique } from '../helpers/fixtures.js';

describe('in-memory stores', () => {
  it('hand out copies: changing a returned connection or member changes nothing stored', async () => {
    const store = new InMemoryConnectionStore();
    const connection = aConnection();
    const member = aMember({ connectionId: connection.connectionId });
    await store.putConnection(connection);
    await store.addMember(member);

    const readConnection = (await store.getConnection(connection.connectionId)) as {
      name: string;
    };
    readConnection.name = 'Mallory';
    const [readMember] = (await store.listMembers(member.roomId)) as { name: string }[];
    readMember!.name = 'Mallory';

    expect(await store.getConnection(connection.connectionId)).toEqual(connection);
    expect(await store.getMember(member.roomId, member.connectionId)).toEqual(member);
  });

  it('hand out copies: changing a stored or returned message changes nothing stored', async () => {
    const store = new InMemoryMessageStore();
    const message = { ...aMessage() };
    await store.createMessage(message);

    (message as { text: string }).text = 'changed by the caller';
    const read = (await store.getMessage(message.roomId, message.id)) as { text: string };
    read.text = 'changed by a reader';

    expect((await store.getMessage(message.roomId, message.id))?.text).toBe('hello');
  });

  it('pages any room with any page size newest first, each message exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        async (count, limit) => {
          const store = new InMemoryMessageStore();
          const roomId = unique('room');
          const stored: Message[] = [];
          for (let i = 0; i < count; i += 1) {
            const message = aMessage({ roomId });
            await store.createMessage(message);
            stored.push(message);
          }

          const seen: Message[] = [];
          let before: string | undefined;
          do {
            const page = await store.listMessages(roomId, {
              limit,
              ...(before === undefined ? {} : { before }),
            });
            expect(page.messages.length).toBeLessThanOrEqual(limit);
            seen.push(...page.messages);
            before = page.nextBefore;
          } while (before !== undefined);

          expect(seen).toEqual(stored.reverse());
        },
      ),
      { numRuns: 50 },
    );
  });
});
