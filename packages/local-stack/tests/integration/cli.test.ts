import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HELP } from '../../src/cli-options.js';
import { waitFor } from '../helpers/wait.js';
import { TestSocket } from '../helpers/ws-client.js';

const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
const run = promisify(execFile);

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function childPids(pid: number): Promise<number[]> {
  const { stdout } = await run('ps', ['-o', 'pid=', '--ppid', String(pid)]).catch(() => ({
    stdout: '',
  }));
  return stdout
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((value) => value > 0);
}

describe('local-stack CLI', () => {
  it('lists every option with --help and exits 0', async () => {
    // Act
    const { stdout } = await run(process.execPath, [cli, '--help']);

    // Assess
    expect(stdout).toBe(HELP);
  });

  it('exits 1 with a message for an unknown option', async () => {
    // Act
    const failure = await run(process.execPath, [cli, '--no-such-flag']).then(
      () => undefined,
      (error: unknown) => error as { code: number; stderr: string },
    );

    // Assess
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toMatch(/local-stack: .*no-such-flag/);
  });

  it(
    'starts everything, prints the endpoints and a ready line, and stops all of it on SIGTERM, even signalled twice',
    { timeout: 90_000 },
    async () => {
      // Prepare
      const child: ChildProcessWithoutNullStreams = spawn(
        process.execPath,
        [
          cli,
          '--ws-port',
          '0',
          '--http-port',
          '0',
          '--dynamodb-port',
          '0',
          '--lambda-port',
          '0',
          '--quiet',
        ],
        { env: { ...process.env, NODE_NO_WARNINGS: '1', LOG_LEVEL: 'WARN' } },
      );
      let stdout = '';
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
      });
      const exited = new Promise<number | null>((resolve) => {
        child.once('exit', (code) => {
          resolve(code);
        });
      });

      // Act
      await waitFor('the ready line', () => /Local stack ready in \d+ ms/.test(stdout), 60_000);
      const websocket = /WebSocket API\s+(ws:\/\/\S+)/.exec(stdout)?.[1] ?? '';
      const client = await TestSocket.open(websocket);
      const pong = await client.request({ action: 'ping', requestId: 'p1' });
      const jvms = await childPids(child.pid ?? 0);
      child.kill('SIGTERM');
      const code = await exited;

      // Assess
      expect(stdout).toMatch(/WebSocket API\s+ws:\/\/127\.0\.0\.1:\d+\/local\n/);
      expect(stdout).toMatch(
        /Management API\s+http:\/\/127\.0\.0\.1:\d+\/local\/@connections\/\{connectionId\}\n/,
      );
      expect(stdout).toMatch(/HTTP API\s+http:\/\/127\.0\.0\.1:\d+\n/);
      expect(stdout).toMatch(/DynamoDB\s+http:\/\/127\.0\.0\.1:\d+ \(table local-chat\)\n/);
      expect(pong).toMatchObject({ type: 'pong', requestId: 'p1' });
      expect((await client.closed).code).toBe(1001);
      expect(code).toBe(0);
      expect(jvms.length).toBeGreaterThan(0);
      expect(jvms.filter(isAlive)).toEqual([]);
    },
  );
});
