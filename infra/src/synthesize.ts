/**
 * What `cdktf synth` runs (through `main.ts`): resolve the settings, build the stack from the
 * app descriptions, report and check the bundle sizes, then write the Terraform.
 */
import { join } from 'node:path';
import type { AppDescription } from '@chat/domain';
import { App, S3Backend } from 'cdktf';
import { chatApps } from './apps.js';
import { DEFAULT_BUNDLE_DIR } from './bundle.js';
import {
  assertBundlesWithinLimit,
  BUNDLE_REPORT_PATH,
  createBundleReport,
  formatBundleReport,
  writeBundleReport,
  type BundleReport,
} from './bundle-report.js';
import { ChatStack } from './chat-stack.js';
import { resolveConfig, type ChatConfig } from './config.js';

/** Options of {@link synthesizeChatApp}; every one has a default for the real app. */
export interface SynthesizeOptions {
  /** Environment to read settings from (default `process.env`). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Context, merged over what `cdktf` passes in `CDKTF_CONTEXT_JSON`. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Output folder (default: what `cdktf` asks for, else `cdktf.out`). */
  readonly outdir?: string;
  /** The services to deploy (default {@link chatApps}). */
  readonly apps?: readonly AppDescription[];
  readonly bundleDir?: string;
  /** Where the bundle-size report goes (default {@link BUNDLE_REPORT_PATH}). */
  readonly reportPath?: string;
  /** Where progress goes (default `console.log`). */
  readonly log?: (line: string) => void;
}

/** What {@link synthesizeChatApp} produced. */
export interface SynthesisResult {
  readonly config: ChatConfig;
  readonly stack: ChatStack;
  readonly report: BundleReport;
  /** Folder holding the stack's `cdk.tf.json` and assets. */
  readonly stackDir: string;
}

/**
 * Synthesizes the chat backend.
 *
 * @throws {InvalidConfigError | MissingHandlerError | BundleTooLargeError} before anything is
 *   written to the output folder
 */
export function synthesizeChatApp(options: SynthesizeOptions = {}): SynthesisResult {
  const app = new App({
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
    ...(options.context === undefined ? {} : { context: { ...options.context } }),
  });
  const config = resolveConfig(
    options.env ?? process.env,
    app.node.getAllContext() as Record<string, unknown>,
  );
  const stack = new ChatStack(app, config.stackId, {
    ...config.stack,
    apps: options.apps ?? chatApps,
    bundle: { outDir: options.bundleDir ?? DEFAULT_BUNDLE_DIR },
  });
  if (config.state !== undefined) {
    new S3Backend(stack, { ...config.state, encrypt: true });
    // S3-native locking (Terraform 1.10+), so no lock table is needed.
    stack.addOverride('terraform.backend.s3.use_lockfile', true);
  }

  const report = createBundleReport(stack.bundles);
  writeBundleReport(report, options.reportPath ?? BUNDLE_REPORT_PATH);
  (options.log ?? console.log)(formatBundleReport(report));
  assertBundlesWithinLimit(report);

  app.synth();
  return { config, stack, report, stackDir: join(app.outdir, 'stacks', config.stackId) };
}
