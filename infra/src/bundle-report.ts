/**
 * The bundle-size report: printed by `synth` and `bundle`, written as JSON for the
 * benchmarks, and enforced against {@link BUNDLE_SIZE_LIMIT_BYTES}.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUNDLE_SIZE_LIMIT_BYTES, type FunctionBundle } from './bundle.js';
import { BundleTooLargeError } from './errors.js';

/** Where `synth` and `bundle` write the report: `infra/dist/bundle-sizes.json`. */
export const BUNDLE_REPORT_PATH = fileURLToPath(
  new URL('../dist/bundle-sizes.json', import.meta.url),
);

/** Sizes of one function's code. */
export interface BundleSize {
  readonly functionName: string;
  /** Minified bundle, bytes. */
  readonly bundleBytes: number;
  /** Zip as deployed, bytes. */
  readonly zipBytes: number;
}

/** What `dist/bundle-sizes.json` holds. */
export interface BundleReport {
  readonly limitBytes: number;
  readonly functions: readonly BundleSize[];
}

/** The report of the given bundles, sorted by function name. */
export function createBundleReport(
  bundles: readonly FunctionBundle[],
  limitBytes: number = BUNDLE_SIZE_LIMIT_BYTES,
): BundleReport {
  return {
    limitBytes,
    functions: bundles
      .map(({ functionName, bundleBytes, zipBytes }) => ({ functionName, bundleBytes, zipBytes }))
      .sort((a, b) => a.functionName.localeCompare(b.functionName)),
  };
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** A human-readable table of the report. */
export function formatBundleReport(report: BundleReport): string {
  const width = Math.max(8, ...report.functions.map((f) => f.functionName.length));
  const lines = report.functions.map(
    (f) =>
      `${f.functionName.padEnd(width)}  ${kib(f.bundleBytes).padStart(11)}  ${kib(f.zipBytes).padStart(11)}` +
      (f.zipBytes > report.limitBytes ? '  OVER LIMIT' : ''),
  );
  return [
    `${'function'.padEnd(width)}  ${'minified'.padStart(11)}  ${'zipped'.padStart(11)}`,
    ...lines,
    `limit: ${kib(report.limitBytes)} zipped per function`,
  ].join('\n');
}

/** Writes the report as JSON, creating the folder when needed. */
export function writeBundleReport(report: BundleReport, path: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

/** @throws {BundleTooLargeError} when any zipped bundle is above the report's limit. */
export function assertBundlesWithinLimit(report: BundleReport): void {
  const oversized = report.functions
    .filter((f) => f.zipBytes > report.limitBytes)
    .map((f) => ({ name: f.functionName, zipBytes: f.zipBytes }));
  if (oversized.length > 0) throw new BundleTooLargeError(oversized, report.limitBytes);
}
