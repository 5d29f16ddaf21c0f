/**
 * Bundles one function with esbuild and zips it, the way it is shipped to Lambda.
 *
 * Choices, measured against the 500 KB zipped limit and cold starts:
 * - ESM (`index.mjs`): the handlers are ESM, esbuild tree-shakes ES modules best, and ESM
 *   lets a composition root await at module scope during the init phase.
 * - Everything is bundled, `@aws-sdk/*` included. Measured on the real handlers: about
 *   820 KiB minified and 210 KiB zipped each (`dist/bundle-sizes.json`), well under the
 *   500 KiB limit; the SDK is about 280 KiB of the minified code (zod is the largest part, about
 *   440 KiB). Keeping the SDK external would save little against the limit, while one
 *   minified file loads faster at cold start than the runtime's own SDK spread over hundreds
 *   of files, and the SDK version stays the one the tests ran against rather than whatever
 *   the runtime ships that week.
 * - No source maps by default: `--enable-source-maps` slows cold starts, and the maps are
 *   larger than the code they describe.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionDescription } from '@chat/domain';
import { buildSync, type Metafile } from 'esbuild';
import { BundleFailedError, InfraError, MissingHandlerError } from './errors.js';
import { createZip } from './zip.js';

/** Largest zipped bundle the build accepts, in bytes (500 KiB). */
export const BUNDLE_SIZE_LIMIT_BYTES = 500 * 1024;

/** Folder the bundles go to unless told otherwise: `infra/dist/bundles`. */
export const DEFAULT_BUNDLE_DIR = fileURLToPath(new URL('../dist/bundles/', import.meta.url));

/** File name of the bundled module inside the zip; the Lambda handler is `index.<export>`. */
export const BUNDLE_FILE_NAME = 'index.mjs';

/** How functions are bundled. */
export interface BundleOptions {
  /** Folder that receives `<function>/index.mjs` and `<function>.zip`. */
  readonly outDir: string;
  /** Minify the output (default `true`). */
  readonly minify?: boolean;
  /** Ship a linked source map in the zip (default `false`). */
  readonly sourceMap?: boolean;
  /** Module specifiers left out of the bundle, e.g. `@aws-sdk/*` (default none). */
  readonly external?: readonly string[];
  /** esbuild target (default `node22`, matching the Lambda runtime). */
  readonly target?: string;
}

/** A function's built and zipped code. */
export interface FunctionBundle {
  readonly functionName: string;
  readonly entry: string;
  /** Lambda `handler` setting, e.g. `index.handler`. */
  readonly handler: string;
  /** The bundled module. */
  readonly codePath: string;
  /** The zip to deploy. */
  readonly zipPath: string;
  /** Size of the minified bundle, in bytes. */
  readonly bundleBytes: number;
  /** Size of the zip, in bytes. */
  readonly zipBytes: number;
  /** Base64 SHA-256 of the zip: Lambda's `CodeSha256`, used as `source_code_hash`. */
  readonly sha256: string;
}

// CommonJS dependencies that `require()` Node built-ins need a real `require` inside an ES module.
const REQUIRE_SHIM =
  "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);";

/** Bundles, minifies, tree-shakes and zips one function. */
export function bundleFunction(fn: FunctionDescription, options: BundleOptions): FunctionBundle {
  if (!existsSync(fn.entry)) throw new MissingHandlerError(fn.name, fn.entry);

  const codeDir = join(options.outDir, fn.name);
  const codePath = join(codeDir, BUNDLE_FILE_NAME);
  mkdirSync(codeDir, { recursive: true });
  const sourceMap = options.sourceMap ?? false;

  let metafile: Metafile;
  try {
    const result = buildSync({
      entryPoints: [fn.entry],
      outfile: codePath,
      bundle: true,
      minify: options.minify ?? true,
      treeShaking: true,
      platform: 'node',
      format: 'esm',
      target: options.target ?? 'node22',
      // Prefer the ES module builds of dependencies: they tree-shake, the CommonJS ones do not.
      mainFields: ['module', 'main'],
      external: [...(options.external ?? [])],
      banner: { js: REQUIRE_SHIM },
      sourcemap: sourceMap ? 'linked' : false,
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
    });
    metafile = result.metafile;
  } catch (error) {
    throw new BundleFailedError(fn.name, error);
  }

  const exported = Object.values(metafile.outputs).find((output) => output.entryPoint)?.exports;
  if (!exported?.includes(fn.handler)) {
    throw new InfraError(
      'MISSING_HANDLER_EXPORT',
      `Handler module of function "${fn.name}" (${fn.entry}) does not export "${fn.handler}"`,
    );
  }

  const code = readFileSync(codePath);
  const entries = [{ name: BUNDLE_FILE_NAME, data: code }];
  if (sourceMap) {
    entries.push({ name: `${BUNDLE_FILE_NAME}.map`, data: readFileSync(`${codePath}.map`) });
  }
  const zip = createZip(entries);
  const zipPath = join(options.outDir, `${fn.name}.zip`);
  writeFileSync(zipPath, zip);

  return {
    functionName: fn.name,
    entry: fn.entry,
    handler: `index.${fn.handler}`,
    codePath,
    zipPath,
    bundleBytes: code.length,
    zipBytes: zip.length,
    sha256: createHash('sha256').update(zip).digest('base64'),
  };
}
