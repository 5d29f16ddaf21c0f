import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbLocalJvmsOnPort, waitUntilGone } from '../helpers/processes.js';

// A parent process has to end for these tests, so they run the built package in a child.
const built = new URL('../../dist/index.js', import.meta.url);
const sources = ['start.ts', 'child-reaper.ts'].map(
  (file) => new URL(`../../src/${file}`, import.meta.url),
);

/** Starts DynamoDB Local in a child Node process that then does `behaviour`. */
async function parentWith(behaviour: 'forget' | 'wait-for-signal') {
  const script = [
    `const { startDynamoDbLocal } = await import(${JSON.stringify(built.href)});`,
    'const db = await startDynamoDbLocal();',
    'console.log(JSON.stringify({ pid: db.pid, port: db.port }));',
    behaviour === 'wait-for-signal' ? 'setInterval(() => {}, 1000);' : '',
  ].join('\n');
  const parent = spawn(process.execPath, ['--input-type=module', '--eval', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(parent, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  const lines = createInterface({ input: parent.stdout });
  const [firstLine] = (await once(lines, 'line')) as [string];
  const jvm = JSON.parse(firstLine) as { pid: number; port: number };
  return { parent, exited, jvm };
}

describe('a DynamoDB Local whose parent process ends', () => {
  beforeAll(async () => {
    const builtAt = (await stat(built)).mtimeMs;
    for (const source of sources) {
      if ((await stat(source)).mtimeMs > builtAt) {
        throw new Error(
          `dist is older than ${fileURLToPath(source)}: run pnpm --filter @chat/dynamodb-local build`,
        );
      }
    }
  });

  it('is killed when the parent forgets to stop it and simply finishes', async () => {
    const { exited, jvm } = await parentWith('forget');

    const [code] = await exited;

    expect(code).toBe(0);
    expect(await waitUntilGone(jvm.pid)).toBe(true);
    expect(dynamoDbLocalJvmsOnPort(jvm.port)).toEqual([]);
  });

  it('is killed when the parent gets SIGTERM, and the parent still dies of SIGTERM', async () => {
    const { parent, exited, jvm } = await parentWith('wait-for-signal');

    parent.kill('SIGTERM');
    const [, signal] = await exited;

    expect(signal).toBe('SIGTERM');
    expect(await waitUntilGone(jvm.pid)).toBe(true);
    expect(dynamoDbLocalJvmsOnPort(jvm.port)).toEqual([]);
  });
});
