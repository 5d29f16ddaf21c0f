/**
 * Packs `@chat/domain` the way it is published and uses the tarball from a clean project
 * with plain Node and `tsc`, outside the workspace.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// Packing, installing and running tsc in a fresh project take a while on a busy machine.
vi.setConfig({ testTimeout: 120_000 });

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = join(packageDir, 'node_modules/typescript/bin/tsc');

let workDir: string;
let tarball: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'chat-domain-pack-'));
  const packed = execFileSync('pnpm', ['pack', '--pack-destination', workDir], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  tarball = packed.trim().split('\n').at(-1) ?? '';
  const project = join(workDir, 'consumer');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], {
    cwd: project,
    stdio: 'pipe',
  });
}, 180_000);

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

describe('the packed @chat/domain', () => {
  it('ships only the built code and its docs', () => {
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    expect(files).toContain('package/dist/index.js');
    expect(files).toContain('package/dist/index.d.ts');
    expect(files).toContain('package/PROTOCOL.md');
    expect(files).toContain('package/README.md');
    expect(files.filter((file) => file.startsWith('package/src/'))).toEqual([]);
    expect(files.filter((file) => file.startsWith('package/tests/'))).toEqual([]);
  });

  it('has no runtime dependency on an AWS SDK client or library', () => {
    const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    const runtime = Object.keys(manifest.dependencies ?? {});
    expect(runtime.filter((name) => name.startsWith('@aws-sdk/'))).toEqual([]);
  });

  it('imports and parses a frame with plain Node', () => {
    const project = join(workDir, 'consumer');
    writeFileSync(
      join(project, 'check.mjs'),
      [
        "import { parseClientFrame, newMessageId, chatTable } from '@chat/domain';",
        'const result = parseClientFrame(\'{"action":"ping","requestId":"r1"}\');',
        'console.log(JSON.stringify({ ok: result.ok, table: chatTable.baseName, id: newMessageId().length }));',
      ].join('\n'),
    );
    const output = execFileSync('node', ['check.mjs'], { cwd: project, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ ok: true, table: 'chat', id: 36 });
  });

  it('type-checks a consumer with tsc under NodeNext resolution', () => {
    const project = join(workDir, 'consumer');
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: [],
        },
        include: ['consumer.ts'],
      }),
    );
    writeFileSync(
      join(project, 'consumer.ts'),
      [
        "import { parseClientFrame, type ServerEvent, type Message } from '@chat/domain';",
        "const result = parseClientFrame({ action: 'sendMessage', roomId: 'lobby', text: 'hi' });",
        "if (result.ok && result.value.action === 'sendMessage') { const text: string = result.value.text; void text; }",
        "const event: ServerEvent = { type: 'pong', serverTime: new Date().toISOString() };",
        'const message: Message | undefined = undefined;',
        'void event; void message;',
      ].join('\n'),
    );
    expect(() =>
      execFileSync('node', [tsc, '-p', 'tsconfig.json'], { cwd: project, stdio: 'pipe' }),
    ).not.toThrow();
  });
});
