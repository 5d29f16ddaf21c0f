// Sums the vitest JSON reports every package writes (`test-results.json`) and prints
// `N passed, N failed` as the last line. Exits 1 when a test failed.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const folders = [
  ...readdirSync(join(root, 'packages')).map((name) => join(root, 'packages', name)),
  join(root, 'infra'),
];

let passed = 0;
let failed = 0;
for (const folder of folders) {
  const file = join(folder, 'test-results.json');
  if (!existsSync(file)) continue;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  const suitesFailed = (report.testResults ?? []).filter(
    (suite) => suite.status === 'failed' && (suite.assertionResults ?? []).length === 0,
  ).length;
  // A test file that failed to load has no test results of its own: count it as a failure.
  failed += suitesFailed;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
