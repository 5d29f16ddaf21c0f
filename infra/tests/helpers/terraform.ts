/**
 * Runs the Terraform CLI against a synthesized stack, offline: providers come from a local
 * filesystem mirror and an override file keeps the AWS provider from calling AWS.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Terraform's version when `terraform` is on PATH, else `undefined`. */
export const terraformVersion: string | undefined = (() => {
  const result = spawnSync('terraform', ['version', '-json'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return (JSON.parse(result.stdout) as { terraform_version: string }).terraform_version;
})();

const MIRROR_CANDIDATES = [
  '/opt/tf-plugins',
  join(homedir(), '.terraform.d', 'plugins'),
  '/usr/local/share/terraform/plugins',
  '/usr/share/terraform/plugins',
];

/**
 * The folder holding `registry.terraform.io/hashicorp/aws/…`, for `terraform init
 * -plugin-dir`: `TF_PLUGIN_DIR` when set, else the first known mirror location that has the
 * AWS provider, else wherever a search of the filesystem finds the provider binary;
 * `undefined` means init downloads from the registry.
 */
export function findPluginDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env.TF_PLUGIN_DIR;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const known = MIRROR_CANDIDATES.find((dir) => {
    const aws = join(dir, 'registry.terraform.io', 'hashicorp', 'aws');
    return existsSync(aws) && readdirSync(aws).length > 0;
  });
  return known ?? searchPluginDir();
}

/** `find / -name 'terraform-provider-aws_*'`, cut back to the folder above `registry.terraform.io`. */
function searchPluginDir(): string | undefined {
  const found = spawnSync(
    'find',
    ['/', '-path', '/proc', '-prune', '-o', '-name', 'terraform-provider-aws_*', '-print'],
    { encoding: 'utf8', timeout: 20_000 },
  );
  return found.stdout
    .split('\n')
    .map((path) => /^(.*)\/registry\.terraform\.io\/hashicorp\/aws\//.exec(path)?.[1])
    .find((dir) => dir !== undefined);
}

/** Environment for every Terraform run: no prompts, no update checks. */
const TERRAFORM_ENV = {
  ...process.env,
  TF_IN_AUTOMATION: '1',
  TF_INPUT: '0',
  CHECKPOINT_DISABLE: '1',
};

/** Runs `terraform <args>` in `dir`; resolves to stdout, rejects with stderr on failure. */
export function terraform(dir: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'terraform',
      [...args, '-no-color'],
      { cwd: dir, env: TERRAFORM_ENV, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(new Error(`terraform ${args.join(' ')} failed:\n${stderr}\n${stdout}`));
      },
    );
  });
}

/**
 * Writes `offline_override.tf.json`: dummy credentials, every AWS call at provider start-up
 * skipped, and a local backend whatever the stack declares (plans pick their state file with
 * `-state`).
 */
export function writeOfflineOverride(dir: string): void {
  const override = {
    terraform: { backend: { local: { path: 'terraform.tfstate' } } },
    provider: {
      aws: [
        {
          access_key: 'offline-test',
          secret_key: 'offline-test',
          skip_credentials_validation: true,
          skip_requesting_account_id: true,
          skip_metadata_api_check: true,
          skip_region_validation: true,
        },
      ],
    },
  };
  writeFileSync(join(dir, 'offline_override.tf.json'), JSON.stringify(override, null, 2));
}
