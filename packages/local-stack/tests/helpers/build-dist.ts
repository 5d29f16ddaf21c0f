/**
 * Vitest global setup: the CLI tests spawn `node dist/cli.js`, so build `dist/` first when
 * it is missing or older than a source file (turbo's `test` task builds first anyway).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

function newestMtime(dir: string, suffix: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (entry.endsWith(suffix)) newest = Math.max(newest, statSync(`${dir}/${entry}`).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  if (
    existsSync(`${packageDir}/dist/cli.js`) &&
    newestMtime(`${packageDir}/dist`, '.js') >= newestMtime(`${packageDir}/src`, '.ts')
  ) {
    return;
  }
  const tsc = createRequire(`${packageDir}/package.json`).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: packageDir,
    stdio: 'inherit',
  });
}
