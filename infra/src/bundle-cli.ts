/**
 * `pnpm --filter @chat/infra bundle`: bundles every function without synthesizing Terraform,
 * prints the sizes, writes `dist/bundle-sizes.json` (read by the benchmarks), and exits 1
 * when a zipped bundle is over the limit.
 */
import { chatApps } from './apps.js';
import { bundleFunction, DEFAULT_BUNDLE_DIR } from './bundle.js';
import {
  assertBundlesWithinLimit,
  BUNDLE_REPORT_PATH,
  createBundleReport,
  formatBundleReport,
  writeBundleReport,
} from './bundle-report.js';
import { InfraError } from './errors.js';

try {
  const bundles = chatApps
    .flatMap((app) => app.functions)
    .map((fn) => bundleFunction(fn, { outDir: DEFAULT_BUNDLE_DIR }));
  const report = createBundleReport(bundles);
  writeBundleReport(report, BUNDLE_REPORT_PATH);
  console.log(formatBundleReport(report));
  console.log(`written to ${BUNDLE_REPORT_PATH}`);
  assertBundlesWithinLimit(report);
} catch (error) {
  if (!(error instanceof InfraError)) throw error;
  console.error(`${error.code}: ${error.message}`);
  process.exitCode = 1;
}
