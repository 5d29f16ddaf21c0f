// `pnpm bench [--full] [--only …]`: builds the benchmarks and what they measure, then runs
// them (`pnpm bench -- --help` lists the options).
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@chat/bench...', '--output-logs=errors-only'],
  { cwd: root, stdio: ['ignore', 2, 2], env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' } },
);
if (build.status !== 0) {
  console.error('Building the benchmarks failed.');
  process.exit(build.status ?? 1);
}
const args = process.argv.slice(2).filter((arg) => arg !== '--');
const env = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...process.env };
const child = spawn(process.execPath, [`${root}packages/bench/dist/cli.js`, ...args], {
  cwd: root,
  stdio: 'inherit',
  env,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
