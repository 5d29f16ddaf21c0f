import { describe, expect, it } from 'vitest';
import { authorize, ErrorCode, type Actor, type ChatError } from '../../src/index.js';
import { aMember, aMessage } from '../helpers/factories.js';

const alice: Actor = {
  kind: 'connection',
  userId: aMember().userId,
  name: 'alice',
  connectionId: aMember().connectionId,
};
const mallory: Actor = {
  kind: 'connection',
  userId: 'anon-m',
  name: 'alice',
  connectionId: 'Mm==',
};
const bot: Actor = { kind: 'service', userId: 'bot:arn:aws:iam::1:role/x', name: 'deploy-bot' };

function codeOf(action: () => void): string | undefined {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as ChatError).code;
  }
}

describe('authorize', () => {
  it('lets any connection join a room and refuses a service', () => {
    expect(
      codeOf(() => {
        authorize(mallory, { action: 'room:join', roomId: 'lobby' });
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        authorize(bot, { action: 'room:join', roomId: 'lobby' });
      }),
    ).toBe(ErrorCode.FORBIDDEN);
  });

  it('lets a member post to and read its room', () => {
    const membership = aMember();
    expect(
      codeOf(() => {
        authorize(alice, { action: 'room:post', roomId: 'lobby', membership });
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        authorize(alice, { action: 'room:read', roomId: 'lobby', membership });
      }),
    ).toBeUndefined();
  });

  it('refuses a connection that has not joined', () => {
    expect(
      codeOf(() => {
        authorize(alice, { action: 'room:post', roomId: 'lobby', membership: undefined });
      }),
    ).toBe(ErrorCode.NOT_A_MEMBER);
  });

  it("refuses a connection presenting another connection's membership", () => {
    expect(
      codeOf(() => {
        authorize(mallory, { action: 'room:post', roomId: 'lobby', membership: aMember() });
      }),
    ).toBe(ErrorCode.NOT_A_MEMBER);
  });

  it('refuses a connection actor without a connection id', () => {
    const anonymous: Actor = { kind: 'connection', userId: 'u', name: 'n' };
    expect(
      codeOf(() => {
        authorize(anonymous, { action: 'room:post', roomId: 'lobby', membership: undefined });
      }),
    ).toBe(ErrorCode.NOT_A_MEMBER);
  });

  it('lets a trusted service post to any room', () => {
    expect(
      codeOf(() => {
        authorize(bot, { action: 'room:post', roomId: 'lobby', membership: undefined });
      }),
    ).toBeUndefined();
  });

  it('lets only the author edit or delete, whatever name the others use', () => {
    const message = aMessage();
    expect(
      codeOf(() => {
        authorize(alice, { action: 'message:edit', message });
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        authorize(alice, { action: 'message:delete', message });
      }),
    ).toBeUndefined();
    expect(
      codeOf(() => {
        authorize(mallory, { action: 'message:edit', message });
      }),
    ).toBe(ErrorCode.NOT_AUTHOR);
    expect(
      codeOf(() => {
        authorize(mallory, { action: 'message:delete', message });
      }),
    ).toBe(ErrorCode.NOT_AUTHOR);
  });

  it('refuses to edit a tombstone but lets the author delete it again', () => {
    const tombstone = aMessage({ deleted: true, text: '' });
    expect(
      codeOf(() => {
        authorize(alice, { action: 'message:edit', message: tombstone });
      }),
    ).toBe(ErrorCode.MESSAGE_DELETED);
    expect(
      codeOf(() => {
        authorize(alice, { action: 'message:delete', message: tombstone });
      }),
    ).toBeUndefined();
  });

  it("refuses a service changing anyone's message", () => {
    expect(
      codeOf(() => {
        authorize(bot, { action: 'message:edit', message: aMessage() });
      }),
    ).toBe(ErrorCode.FORBIDDEN);
  });
});
