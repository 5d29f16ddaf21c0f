/** Domain entities for tests, valid by construction. */
import { CONNECTION_TTL_SECONDS, newMessageId, type Message, type RoomMember } from '@chat/domain';

const now = Date.UTC(2025, 0, 15, 12, 0, 0);

/** A membership of `connectionId` in `roomId`; its user id and name derive from the ids. */
export function aMember(
  roomId: string,
  connectionId: string,
  overrides: Partial<RoomMember> = {},
): RoomMember {
  return {
    roomId,
    connectionId,
    userId: `user-${connectionId}`,
    name: `Name ${connectionId}`,
    joinedAt: new Date(now).toISOString(),
    // From the real clock: DynamoDB Local's TTL deletes items that expired, mid-test.
    expiresAt: Math.floor(Date.now() / 1000) + CONNECTION_TTL_SECONDS,
    ...overrides,
  };
}

let clock = now;

/** A message in `roomId` with a fresh uuid v7 id. */
export function aMessage(roomId: string, overrides: Partial<Message> = {}): Message {
  clock += 1;
  return {
    id: newMessageId(clock),
    roomId,
    authorId: 'user-author',
    authorName: 'Author',
    text: `hello from ${roomId}`,
    createdAt: new Date(clock).toISOString(),
    deleted: false,
    ...overrides,
  };
}
