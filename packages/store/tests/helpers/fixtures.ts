/**
 * Builders of valid entities for the store tests. Every id is unique per call, so tests
 * that share one table (the DynamoDB runs) never see each other's records.
 *
 * Times are relative to now, so every `expiresAt` lies in the future as in real use: a
 * table whose TTL sweeper ran would otherwise delete fixtures in the middle of a test.
 */
import { randomUUID } from 'node:crypto';
import {
  CONNECTION_TTL_SECONDS,
  newMessageId,
  type Connection,
  type Message,
  type RoomMember,
} from '@chat/domain';

const START = Math.floor(Date.now() / 1000) * 1000;

/** A short unique suffix for ids. */
export function unique(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 13)}`;
}

/** An ISO timestamp `offsetSeconds` after a fixed start. */
export function at(offsetSeconds: number): string {
  return new Date(START + offsetSeconds * 1000).toISOString();
}

function expiresAt(timestamp: string): number {
  return Math.floor(Date.parse(timestamp) / 1000) + CONNECTION_TTL_SECONDS;
}

export function aConnection(overrides: Partial<Connection> = {}): Connection {
  const connectedAt = overrides.connectedAt ?? at(0);
  return {
    connectionId: unique('conn'),
    userId: unique('anon'),
    name: 'Ada',
    connectedAt,
    sourceIp: '203.0.113.7',
    userAgent: 'vitest',
    expiresAt: expiresAt(connectedAt),
    ...overrides,
  };
}

export function aMember(overrides: Partial<RoomMember> = {}): RoomMember {
  const joinedAt = overrides.joinedAt ?? at(1);
  return {
    roomId: unique('room'),
    connectionId: unique('conn'),
    userId: unique('anon'),
    name: 'Ada',
    joinedAt,
    expiresAt: expiresAt(joinedAt),
    ...overrides,
  };
}

/** The membership `connection` would get on joining `roomId`. */
export function membershipOf(connection: Connection, roomId: string, joinedAt = at(2)): RoomMember {
  return {
    roomId,
    connectionId: connection.connectionId,
    userId: connection.userId,
    name: connection.name,
    joinedAt,
    expiresAt: expiresAt(joinedAt),
  };
}

/** A message with a fresh uuid v7 id: ids made later sort later. */
export function aMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: newMessageId(),
    roomId: unique('room'),
    authorId: unique('anon'),
    authorName: 'Ada',
    text: 'hello',
    createdAt: at(3),
    deleted: false,
    ...overrides,
  };
}
