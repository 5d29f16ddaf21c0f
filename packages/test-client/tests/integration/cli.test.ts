import { PassThrough } from 'node:stream';
import { ErrorCode, ForbiddenError, type ServerEvent } from '@chat/domain';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runChatCli } from '../../src/cli-main.js';
import { startFakeServer, type FakeServer } from '../helpers/fake-server.js';
import { runBin } from '../helpers/spawn.js';
import { waitUntil } from '../helpers/wait.js';

function collect(stream: PassThrough): { text: () => string } {
  let text = '';
  stream.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { text: () => text };
}

function jsonLines(stdout: string): ServerEvent[] {
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as ServerEvent);
}

describe('chat CLI', () => {
  let server: FakeServer;

  beforeEach(async () => {
    server = await startFakeServer();
  });

  afterEach(async () => {
    await server.close();
  });

  it('runs an interactive session: history, messages, /edit #n, /delete, /rename, /join, /quit', async () => {
    // Prepare
    server.post('lobby', 'earlier', 'carol');
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const out = collect(stdout);
    const err = collect(stderr);
    const typed = async (input: string, until: () => boolean, what: string) => {
      stdin.write(`${input}\n`);
      await waitUntil(until, what);
    };

    // Act
    const session = runChatCli(['--url', server.url, '--room', 'lobby', '--name', 'alice'], {
      stdin,
      stdout,
      stderr,
    });
    await waitUntil(() => out.text().includes('/help lists commands'), 'prompt');
    await typed('hello all', () => out.text().includes('alice: hello all'), 'own message');
    await typed('/edit #2 hello everyone', () => out.text().includes('(edited)'), 'edit');
    await typed('/delete #2', () => out.text().includes('deleted a message'), 'delete');
    await typed('/edit #1 not mine', () => out.text().includes('NOT_AUTHOR'), 'refused edit');
    await typed('/rename alicia', () => out.text().includes('now known as alicia'), 'rename');
    await typed('/join games', () => out.text().includes('[games] joined as alicia'), 'join');
    await typed('in games', () => out.text().includes('[games] #3'), 'message in games');
    stdin.write('/quit\n');
    const code = await session;

    // Assess
    expect(code).toBe(0);
    expect(err.text()).toBe('');
    const lines = out.text().split('\n');
    // Not a terminal: no prompts between the lines.
    expect(lines.filter((line) => /^[\w.-]+> /u.test(line))).toEqual([]);
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[lobby\] joined as alice; 1 here: alice$/u),
    );
    expect(lines).toContainEqual(expect.stringMatching(/\[lobby\] #1 .* carol: earlier$/u));
    // Shown once: the error event is the message; the rejected command adds nothing.
    expect(out.text().split('! NOT_AUTHOR: Only the author may change this message.')).toHaveLength(
      2,
    );
    expect(server.messages('lobby').map((m) => [m.text, m.deleted])).toEqual([
      ['earlier', false],
      ['', true],
    ]);
    expect(server.messages('games').map((m) => [m.authorName, m.text])).toEqual([
      ['alicia', 'in games'],
    ]);
    expect(server.connections()).toEqual([]);
  });

  it('scripted --json prints one server event per line and exits 0 after its acks', async () => {
    // Act
    const result = await runBin('cli', [
      '--url',
      server.url,
      '--room',
      'lobby',
      '--name',
      'bot',
      '--json',
      '--send',
      'hi',
      '--send',
      'there',
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const events = jsonLines(result.stdout);
    expect(events.map((event) => event.type)).toEqual([
      'presence',
      'joined',
      'message.created',
      'ack',
      'message.created',
      'ack',
    ]);
    expect(server.messages('lobby').map((m) => [m.authorName, m.text])).toEqual([
      ['bot', 'hi'],
      ['bot', 'there'],
    ]);
  });

  it('delivers a message from one scripted process to another that listens', async () => {
    // Prepare
    const listener = runBin('cli', [
      '--url',
      server.url,
      '--name',
      'ears',
      '--json',
      '--listen',
      '3',
    ]);
    await waitUntil(() => server.members('lobby').length === 1, 'listener joined');

    // Act
    const sender = await runBin('cli', ['--url', server.url, '--name', 'mouth', '--send', 'psst']);
    const listened = await listener;

    // Assess
    expect(sender.code).toBe(0);
    expect(sender.stdout).toMatch(/\[lobby\] #1 .* mouth: psst/u);
    expect(listened.code).toBe(0);
    const created = jsonLines(listened.stdout).filter((e) => e.type === 'message.created');
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ message: { text: 'psst', authorName: 'mouth' } });
  });

  it('exits 1 with the code on stderr when the server rejects an action', async () => {
    // Prepare
    server.failures.push({ action: 'sendMessage', error: new ForbiddenError('Muted.') });

    // Act
    const result = await runBin('cli', ['--url', server.url, '--json', '--send', 'hi']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${ErrorCode.FORBIDDEN}: Muted.`);
    expect(jsonLines(result.stdout).at(-1)).toMatchObject({ type: 'error', code: 'FORBIDDEN' });
  });

  it('exits 1 without sending when a frame is refused locally', async () => {
    // Act
    const result = await runBin('cli', ['--url', server.url, '--room', 'bad room', '--send', 'x']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('INVALID_FIELD');
    expect(server.frames).toEqual([]);
  });

  it('exits 3 with a message on stderr when the URL is unreachable', async () => {
    // Prepare
    const url = server.url;
    await server.close();
    server = await startFakeServer();

    // Act
    const result = await runBin('cli', ['--url', url, '--json', '--send', 'hi']);

    // Assess
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Cannot connect to ${url}`);
  });
});
