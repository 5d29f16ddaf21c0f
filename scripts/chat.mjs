// `pnpm chat` and `pnpm chat-load`: build the test client, then run its CLI with the given
// arguments (`pnpm chat --room lobby --name alice`, `pnpm chat-load --clients 100`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const load = process.argv.includes('--load');
const args = process.argv.slice(2).filter((arg) => arg !== '--load' && arg !== '--');
const cli = `${root}packages/test-client/dist/${load ? 'load-cli.js' : 'cli.js'}`;

if (!existsSync(`${root}packages/test-client/src/cli.ts`)) {
  console.error(
    'The chat client is not available yet (packages/test-client/src/cli.ts is missing).',
  );
  process.exit(1);
}
// One `tsc --build` over tsconfig.build.json: a few seconds, and nothing when up to date.
const build = spawnSync(
  process.execPath,
  [`${root}node_modules/typescript/bin/tsc`, '--build', `${root}tsconfig.build.json`],
  // tsc reports errors on stdout; keep stdout for the chat (`--json` output).
  { cwd: root, stdio: ['ignore', 2, 2] },
);
if (build.status !== 0) {
  console.error('Building the chat client failed.');
  process.exit(build.status ?? 1);
}
const child = spawn(process.execPath, [cli, ...args], { stdio: 'inherit' });
process.on('SIGINT', () => child.kill('SIGINT'));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
