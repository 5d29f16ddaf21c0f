/**
 * Cold start and size per function: each function bundled as the infra deploys it
 * (esbuild, minified, tree-shaken, zipped), and the time a fresh Node process takes to
 * import the bundle, median of several runs.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleFunction, chatApps } from '@chat/infra';

export interface ColdStartRow {
  readonly functionName: string;
  readonly bundleKiB: number;
  readonly zipKiB: number;
  readonly importMsMedian: number;
  readonly importMsRuns: number[];
}

export interface ColdStartOptions {
  readonly runs: number;
  readonly log?: (line: string) => void;
}

const IMPORT_PROBE = `
const started = performance.now();
await import(process.argv[1]);
process.stdout.write(String(performance.now() - started));
`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function measureColdStart(options: ColdStartOptions): ColdStartRow[] {
  const outDir = mkdtempSync(join(tmpdir(), 'chat-bench-bundles-'));
  const env = {
    PATH: process.env.PATH ?? '',
    TABLE_NAME: 'bench',
    CONNECTIONS_ENDPOINT: 'https://example.execute-api.us-east-1.amazonaws.com/bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    NODE_NO_WARNINGS: '1',
  };
  return chatApps
    .flatMap((app) => app.functions)
    .map((fn) => {
      const bundle = bundleFunction(fn, { outDir });
      const runs = Array.from({ length: options.runs }, () =>
        Number(
          execFileSync(
            process.execPath,
            ['--input-type=module', '-e', IMPORT_PROBE, pathToFileURL(bundle.codePath).href],
            { env, encoding: 'utf8' },
          ),
        ),
      );
      const row: ColdStartRow = {
        functionName: fn.name,
        bundleKiB: Math.round(bundle.bundleBytes / 102.4) / 10,
        zipKiB: Math.round(bundle.zipBytes / 102.4) / 10,
        importMsMedian: Math.round(median(runs) * 10) / 10,
        importMsRuns: runs.map((run) => Math.round(run * 10) / 10),
      };
      options.log?.(
        `cold start: ${fn.name}: ${row.zipKiB} KiB zipped, import ${row.importMsMedian} ms`,
      );
      return row;
    });
}
