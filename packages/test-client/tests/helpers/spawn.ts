/**
 * Runs a built bin of this package in a child process and collects its output.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BinResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A bin running in the background: its output so far, its end, and a way to signal it. */
export interface RunningBin {
  stdout(): string;
  stderr(): string;
  readonly exited: Promise<BinResult>;
  kill(signal?: NodeJS.Signals): void;
}

/** Starts `node dist/<bin>.js ...args` (killing it after `timeoutMs`). */
export function startBin(
  bin: 'cli' | 'load-cli',
  args: readonly string[],
  timeoutMs = 15_000,
): RunningBin {
  const script = fileURLToPath(new URL(`../../dist/${bin}.js`, import.meta.url));
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exited = new Promise<BinResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return {
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    kill: (signal = 'SIGTERM') => child.kill(signal),
  };
}

/** Runs `node dist/<bin>.js ...args` and resolves when it exits (killing it after `timeoutMs`). */
export function runBin(
  bin: 'cli' | 'load-cli',
  args: readonly string[],
  timeoutMs = 15_000,
): Promise<BinResult> {
  return startBin(bin, args, timeoutMs).exited;
}
