import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionDescription } from '@chat/domain';
import { describe, expect, it } from 'vitest';
import { BUNDLE_SIZE_LIMIT_BYTES, bundleFunction } from '../../src/bundle.js';
import {
  assertBundlesWithinLimit,
  createBundleReport,
  formatBundleReport,
  writeBundleReport,
} from '../../src/bundle-report.js';
import { BundleTooLargeError, InfraError, MissingHandlerError } from '../../src/errors.js';
import { fixtureSocketApp, fixtureStreamApp } from '../fixtures/app.js';
import { testBundleDir } from '../helpers/synth.js';
import { unzip } from '../helpers/unzip.js';

const [websocketFn, httpFn] = fixtureSocketApp.functions as [
  FunctionDescription,
  FunctionDescription,
];
const [streamFn] = fixtureStreamApp.functions as [FunctionDescription];

/** Writes the zip's module to a fresh folder and imports it, as the Lambda runtime would. */
async function loadFromZip(zipPath: string): Promise<Record<string, unknown>> {
  const [entry] = unzip(readFileSync(zipPath));
  const dir = mkdtempSync(join(testBundleDir, 'lambda-'));
  const file = join(dir, entry!.name);
  writeFileSync(file, entry!.data);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

describe('bundleFunction', () => {
  it('zips one minified ES module whose handler runs from the zip', async () => {
    const bundle = bundleFunction(websocketFn, { outDir: testBundleDir });
    const module = await loadFromZip(bundle.zipPath);
    const handler = module.handler as (event: unknown) => Promise<{ body: string }>;

    const result = await handler({
      requestContext: { eventType: 'MESSAGE' },
      body: JSON.stringify({ action: 'nope' }),
    });

    expect(unzip(readFileSync(bundle.zipPath)).map((e) => e.name)).toEqual(['index.mjs']);
    expect(bundle.handler).toBe('index.handler');
    expect(JSON.parse(result.body)).toMatchObject({ type: 'error' });
    // Minified: imported names are renamed and comments are gone.
    expect(readFileSync(bundle.codePath, 'utf8')).not.toMatch(/parseClientFrame|\/\*\*/);
  });

  it('leaves out code the handler never uses', () => {
    const bundle = bundleFunction(httpFn, { outDir: testBundleDir });

    expect(readFileSync(bundle.codePath, 'utf8')).not.toContain('TREE_SHAKEN_AWAY_MARKER');
    expect(readFileSync(bundle.codePath, 'utf8')).toContain('on ');
  });

  it('reports the minified and zipped sizes and the zip hash Lambda will compute', () => {
    const bundle = bundleFunction(websocketFn, { outDir: testBundleDir });
    const zip = readFileSync(bundle.zipPath);

    expect(bundle.bundleBytes).toBe(readFileSync(bundle.codePath).length);
    expect(bundle.zipBytes).toBe(zip.length);
    expect(bundle.zipBytes).toBeLessThan(bundle.bundleBytes);
    expect(bundle.sha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('produces the same zip twice, so an unchanged function is not redeployed', () => {
    const first = bundleFunction(streamFn, { outDir: join(testBundleDir, 'first') });
    const second = bundleFunction(streamFn, { outDir: join(testBundleDir, 'second') });

    expect(second.sha256).toBe(first.sha256);
  });

  it('ships a source map only when asked', () => {
    const bundle = bundleFunction(streamFn, {
      outDir: join(testBundleDir, 'maps'),
      sourceMap: true,
    });

    expect(unzip(readFileSync(bundle.zipPath)).map((e) => e.name)).toEqual([
      'index.mjs',
      'index.mjs.map',
    ]);
  });

  it('fails with the handler path when the service is not built', () => {
    const missing = { ...streamFn, entry: join(testBundleDir, 'not-built', 'stream.js') };

    expect(() => bundleFunction(missing, { outDir: testBundleDir })).toThrow(MissingHandlerError);
    expect(() => bundleFunction(missing, { outDir: testBundleDir })).toThrow(/not-built/);
  });

  it('fails when the module does not export the named handler', () => {
    const wrongExport = { ...streamFn, handler: 'main' };

    expect(() => bundleFunction(wrongExport, { outDir: testBundleDir })).toThrow(InfraError);
    expect(() => bundleFunction(wrongExport, { outDir: testBundleDir })).toThrow(/export "main"/);
  });
});

describe('bundle report', () => {
  it('writes the sizes of every function as JSON and prints them', () => {
    const bundles = [websocketFn, httpFn, streamFn].map((fn) =>
      bundleFunction(fn, { outDir: testBundleDir }),
    );
    const reportPath = join(testBundleDir, 'report', 'bundle-sizes.json');

    const report = createBundleReport(bundles);
    writeBundleReport(report, reportPath);

    expect(JSON.parse(readFileSync(reportPath, 'utf8'))).toEqual({
      limitBytes: BUNDLE_SIZE_LIMIT_BYTES,
      functions: bundles
        .map((b) => ({
          functionName: b.functionName,
          bundleBytes: b.bundleBytes,
          zipBytes: b.zipBytes,
        }))
        .sort((a, b) => a.functionName.localeCompare(b.functionName)),
    });
    expect(formatBundleReport(report)).toMatch(/fixture-websocket\s+[\d.]+ KiB\s+[\d.]+ KiB/);
    expect(() => {
      assertBundlesWithinLimit(report);
    }).not.toThrow();
  });

  it('fails when a zipped bundle is over 500 KiB, naming the function', () => {
    const dir = mkdtempSync(join(testBundleDir, 'big-'));
    const entry = join(dir, 'big.mjs');
    // Base64 of random bytes only deflates to its 6 bits per character: about 600 KiB zipped.
    const blob = randomBytes(600 * 1024).toString('base64');
    writeFileSync(
      entry,
      `const blob = ${JSON.stringify(blob)};\nexport const handler = async (event) => blob.slice(0, event.n);\n`,
    );
    const big = bundleFunction({ ...streamFn, name: 'too-big', entry }, { outDir: dir });

    const report = createBundleReport([big]);

    expect(big.zipBytes).toBeGreaterThan(BUNDLE_SIZE_LIMIT_BYTES);
    expect(formatBundleReport(report)).toMatch(/too-big.*OVER LIMIT/);
    expect(() => {
      assertBundlesWithinLimit(report);
    }).toThrow(BundleTooLargeError);
    expect(() => {
      assertBundlesWithinLimit(report);
    }).toThrow(/too-big/);
  });
});
