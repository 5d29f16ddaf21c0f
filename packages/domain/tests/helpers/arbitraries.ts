import fc from 'fast-check';
import type { Connection, Message, RoomMember } from '../../src/index.js';
import { MAX_ROOM_ID_LENGTH } from '../../src/index.js';

const alnum = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export const roomIdArb = fc
  .tuple(
    fc.constantFrom(...Array.from(alnum)),
    fc.string({
      unit: fc.constantFrom(...Array.from(`${alnum}_.-`)),
      maxLength: MAX_ROOM_ID_LENGTH - 1,
    }),
  )
  .map(([first, rest]) => first + rest);

export const timestampArb = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());

export const messageIdArb = fc.uuid({ version: 7 });
export const clientIdArb = fc.string({
  unit: fc.constantFrom(...Array.from(`${alnum}_.:-`)),
  minLength: 1,
  maxLength: 64,
});
export const connectionIdArb = fc
  .base64String({ minLength: 4, maxLength: 24 })
  .filter((s) => s.length > 0);
export const userIdArb = fc.string({ minLength: 1, maxLength: 80 });
const epochSecondsArb = fc.integer({ min: 0, max: 4_102_444_800 });

export const connectionArb: fc.Arbitrary<Connection> = fc.record({
  connectionId: connectionIdArb,
  userId: userIdArb,
  name: fc.string({ maxLength: 32 }),
  connectedAt: timestampArb,
  sourceIp: fc.ipV4(),
  userAgent: fc.string({ maxLength: 200 }),
  expiresAt: epochSecondsArb,
});

export const memberArb: fc.Arbitrary<RoomMember> = fc.record({
  roomId: roomIdArb,
  connectionId: connectionIdArb,
  userId: userIdArb,
  name: fc.string({ maxLength: 32 }),
  joinedAt: timestampArb,
  expiresAt: epochSecondsArb,
});

export const messageArb: fc.Arbitrary<Message> = fc.record(
  {
    id: messageIdArb,
    roomId: roomIdArb,
    authorId: userIdArb,
    authorName: fc.string({ maxLength: 32 }),
    text: fc.string({ maxLength: 500 }),
    createdAt: timestampArb,
    editedAt: timestampArb,
    deleted: fc.boolean(),
    clientMessageId: clientIdArb,
  },
  { requiredKeys: ['id', 'roomId', 'authorId', 'authorName', 'text', 'createdAt', 'deleted'] },
);
