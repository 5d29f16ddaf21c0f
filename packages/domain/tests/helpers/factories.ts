import type { Connection, Message, RoomMember } from '../../src/index.js';

export function aConnection(overrides: Partial<Connection> = {}): Connection {
  return {
    connectionId: 'Ab3dEf7hIj0=',
    userId: 'anon-2b1c6d8e-4f0a-4b5c-9d2e-1f3a5b7c9d0e',
    name: 'alice',
    connectedAt: '2026-12-04T20:00:00.000Z',
    sourceIp: '203.0.113.7',
    userAgent: 'test-agent/1.0',
    expiresAt: 1_796_414_400,
    ...overrides,
  };
}

export function aMember(overrides: Partial<RoomMember> = {}): RoomMember {
  return {
    roomId: 'lobby',
    connectionId: 'Ab3dEf7hIj0=',
    userId: 'anon-2b1c6d8e-4f0a-4b5c-9d2e-1f3a5b7c9d0e',
    name: 'alice',
    joinedAt: '2026-12-04T20:00:01.000Z',
    expiresAt: 1_796_414_400,
    ...overrides,
  };
}

export function aMessage(overrides: Partial<Message> = {}): Message {
  return {
    id: '019ae9c2-7b40-7cc1-8a2e-3c4d5e6f7a8b',
    roomId: 'lobby',
    authorId: 'anon-2b1c6d8e-4f0a-4b5c-9d2e-1f3a5b7c9d0e',
    authorName: 'alice',
    text: 'hello',
    createdAt: '2026-12-04T20:00:02.000Z',
    deleted: false,
    ...overrides,
  };
}
