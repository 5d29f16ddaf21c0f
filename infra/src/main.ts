/**
 * The CDKTF app: `cdktf synth | deploy | destroy` run this file (see `cdktf.json`).
 *
 * Settings come from environment variables and the `cdktf.json` context (see `config.ts`
 * and `infra/README.md`). Before writing Terraform it bundles every function, prints the
 * bundle sizes, writes them to `dist/bundle-sizes.json`, and fails when a zipped bundle is
 * over the limit.
 */
import { InfraError } from './errors.js';
import { synthesizeChatApp } from './synthesize.js';

try {
  synthesizeChatApp();
} catch (error) {
  if (!(error instanceof InfraError)) throw error;
  console.error(`${error.code}: ${error.message}`);
  process.exitCode = 1;
}
