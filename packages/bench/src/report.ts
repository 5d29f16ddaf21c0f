/**
 * Benchmark results: the machine they ran on, Markdown tables for people, and JSON files
 * under `packages/bench/results/` for tools.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release, platform } from 'node:os';
import { join } from 'node:path';

export interface MachineDescription {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  readonly os: string;
  readonly node: string;
  readonly java: string;
}

export interface RunInfo {
  readonly date: string;
  readonly commit: string;
  readonly mode: 'smoke' | 'quick' | 'full';
  readonly machine: MachineDescription;
}

function commandOutput(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  // `java -version` writes to stderr.
  return result.error === undefined ? `${result.stdout}${result.stderr}` : 'unknown';
}

/** Describes this machine and checkout. */
export function describeRun(mode: RunInfo['mode']): RunInfo {
  const cpu = cpus();
  const java = commandOutput('java', ['-version']).split('\n')[0]?.trim() ?? 'unknown';
  const commit = commandOutput('git', ['rev-parse', '--short', 'HEAD']).trim();
  return {
    date: new Date().toISOString(),
    commit: /^[0-9a-f]+$/.test(commit) ? commit : 'unknown',
    mode,
    machine: {
      cpuModel: cpu[0]?.model ?? 'unknown',
      cores: cpu.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      os: `${platform()} ${release()}`,
      node: process.version,
      java,
    },
  };
}

/** A Markdown table from rows of cells. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly unknown[])[],
): string {
  const line = (cells: readonly unknown[]): string =>
    `| ${cells.map((cell) => String(cell)).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Writes `results` as JSON into `folder`, named by date and mode; returns the path. */
export function writeResults(folder: string, info: RunInfo, results: unknown): string {
  mkdirSync(folder, { recursive: true });
  const stamp = info.date.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const file = join(folder, `${stamp}-${info.mode}.json`);
  writeFileSync(file, `${JSON.stringify({ ...info, results }, null, 2)}\n`);
  return file;
}

/** Rounds to `digits` decimals for display. */
export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
