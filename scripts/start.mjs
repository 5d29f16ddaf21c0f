// `pnpm start`: builds the local stack and what it runs, then starts it. Arguments after
// `pnpm start --` go to the local stack (`pnpm start -- --help`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliSource = `${root}packages/local-stack/src/cli.ts`;
const cli = `${root}packages/local-stack/dist/cli.js`;

if (!existsSync(cliSource)) {
  console.error(
    'The local stack is not available yet (packages/local-stack/src/cli.ts is missing).',
  );
  process.exit(1);
}

// One `tsc --build` over tsconfig.build.json: a few seconds, and nothing when up to date.
const build = spawnSync(
  process.execPath,
  [`${root}node_modules/typescript/bin/tsc`, '--build', `${root}tsconfig.build.json`],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) {
  console.error('Building the local stack failed.');
  process.exit(build.status ?? 1);
}

const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
// The AWS SDK's notice that its Node 20 support ends would print once per start; it is noise here.
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env };
const child = spawn(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
