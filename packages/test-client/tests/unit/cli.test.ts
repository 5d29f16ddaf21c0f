import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli-commands.js';
import { ChatView, describeError } from '../../src/cli-format.js';
import { DEFAULT_CHAT_URL, parseChatArgs } from '../../src/cli-options.js';
import { FrameRejectedError, UsageError } from '../../src/errors.js';

const message = (id: string, text: string, extra: Record<string, unknown> = {}) => ({
  id,
  roomId: 'lobby',
  authorId: 'anon-1',
  authorName: 'alice',
  text,
  createdAt: '2025-01-01T10:00:00.000Z',
  deleted: false,
  ...extra,
});
const ID_A = '01900000-0000-7000-8000-00000000000a';
const ID_B = '01900000-0000-7000-8000-00000000000b';

describe('parseChatArgs', () => {
  it('defaults to an interactive session in lobby on the local stack', () => {
    // Act
    const options = parseChatArgs([]);

    // Assess
    expect(options).toMatchObject({
      url: DEFAULT_CHAT_URL,
      room: 'lobby',
      name: undefined,
      scripted: false,
      history: 20,
      timeoutMs: 10_000,
    });
  });

  it('collects repeated --send in order and makes the run scripted without history', () => {
    // Act
    const options = parseChatArgs(['--send', 'one', '--send', 'two', '--json', '--name', 'bot']);

    // Assess
    expect(options).toMatchObject({
      send: ['one', 'two'],
      json: true,
      scripted: true,
      history: 0,
      listen: undefined,
      name: 'bot',
    });
  });

  it('rejects unknown options and malformed numbers with a UsageError', () => {
    // Act
    const attempts = [['--bogus'], ['--listen', 'soon'], ['--history', '2.5'], ['--listen', '-1']];

    // Assess
    for (const argv of attempts) expect(() => parseChatArgs(argv)).toThrow(UsageError);
    expect(parseChatArgs(['--listen', '0.5']).listen).toBe(0.5);
  });
});

describe('parseCommand', () => {
  it('reads plain lines as messages and slash commands with their arguments', () => {
    // Act
    const parsed = [
      'hello there',
      '/edit #3 fixed typo',
      `/delete ${ID_A}`,
      '/rename Alice Smith',
      '/join games',
      '/leave',
      '/leave games',
      '/room games',
      '/history 5',
      '/help',
      '/quit',
      '   ',
      '//not a command',
    ].map(parseCommand);

    // Assess
    expect(parsed).toEqual([
      { kind: 'say', text: 'hello there' },
      { kind: 'edit', target: '#3', text: 'fixed typo' },
      { kind: 'delete', target: ID_A },
      { kind: 'rename', name: 'Alice Smith' },
      { kind: 'join', roomId: 'games' },
      { kind: 'leave', roomId: undefined },
      { kind: 'leave', roomId: 'games' },
      { kind: 'room', roomId: 'games' },
      { kind: 'history', count: 5 },
      { kind: 'help' },
      { kind: 'quit' },
      { kind: 'empty' },
      { kind: 'say', text: '/not a command' },
    ]);
  });

  it('explains a malformed or unknown command instead of sending it', () => {
    // Act
    const parsed = ['/edit #3', '/join', '/history many', '/dance'].map(parseCommand);

    // Assess
    expect(parsed.map((command) => command.kind)).toEqual([
      'invalid',
      'invalid',
      'invalid',
      'invalid',
    ]);
    expect(parsed[3]).toEqual({ kind: 'invalid', message: 'unknown command /dance; type /help' });
  });
});

describe('ChatView', () => {
  it('numbers messages as it shows them and resolves #n back to the message', () => {
    // Prepare
    const view = new ChatView();

    // Act
    const lines = view.render({
      type: 'history',
      roomId: 'lobby',
      messages: [message(ID_B, 'second'), message(ID_A, 'first')],
    });
    const edited = view.render({
      type: 'message.updated',
      message: message(ID_A, 'first!', { editedAt: '2025-01-01T10:01:00.000Z' }),
    });

    // Assess
    expect(lines).toEqual([
      expect.stringMatching(/^\[lobby\] #1 \d\d:\d\d:\d\d alice: first$/u),
      expect.stringMatching(/^\[lobby\] #2 \d\d:\d\d:\d\d alice: second$/u),
    ]);
    expect(edited).toEqual([expect.stringMatching(/#1 .* alice: first! \(edited\)$/u)]);
    expect(view.resolve('#2', 'games')).toEqual({ roomId: 'lobby', messageId: ID_B });
    expect(view.resolve('1', 'games')).toEqual({ roomId: 'lobby', messageId: ID_A });
    expect(view.resolve('#9', 'games')).toBeUndefined();
    expect(view.resolve(ID_B.replace('b', 'c'), 'games')).toEqual({
      roomId: 'games',
      messageId: ID_B.replace('b', 'c'),
    });
  });

  it('describes presence, renames by the old name, and errors with their code and fields', () => {
    // Prepare
    const view = new ChatView();
    const bob = { userId: 'anon-2', name: 'bob', joinedAt: '2025-01-01T10:00:00.000Z' };

    // Act
    const lines = [
      ...view.render({ type: 'presence', roomId: 'lobby', change: 'joined', member: bob }),
      ...view.render({
        type: 'presence',
        roomId: 'lobby',
        change: 'renamed',
        member: { ...bob, name: 'robert' },
      }),
      ...view.render({
        type: 'presence',
        roomId: 'lobby',
        change: 'left',
        member: { ...bob, name: 'robert' },
        reason: 'disconnected',
      }),
      ...view.render({
        type: 'error',
        code: 'INVALID_FIELD',
        message: 'Invalid field "text": must not be empty',
        details: [
          { path: 'text', message: 'must not be empty' },
          { path: 'roomId', message: 'is required' },
        ],
      }),
      ...view.render({ type: 'pong', serverTime: '2025-01-01T10:00:00.000Z' }),
    ];

    // Assess
    expect(lines).toEqual([
      '[lobby] * bob joined',
      '[lobby] * bob is now known as robert',
      '[lobby] * robert left (disconnected)',
      // The message states the first issue already; only the others are added.
      '! INVALID_FIELD: Invalid field "text": must not be empty (roomId: is required)',
    ]);
    expect(
      describeError(
        new FrameRejectedError(
          'FRAME_TOO_LARGE',
          'The frame is 40000 bytes; the limit is 32768.',
          {},
        ),
      ),
    ).toBe('FRAME_TOO_LARGE: The frame is 40000 bytes; the limit is 32768.');
  });
});
