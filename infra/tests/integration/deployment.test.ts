import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FunctionDescription } from '@chat/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatApps } from '../../src/apps.js';
import { BUNDLE_SIZE_LIMIT_BYTES } from '../../src/bundle.js';
import { arnPath } from '../../src/constructs/http-api.js';
import {
  MANAGE_CONNECTIONS_ACTION,
  STREAM_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
} from '../../src/function-policy.js';
import { synthesizeChatApp, type SynthesisResult } from '../../src/synthesize.js';
import { defaultApps, wire } from '@chat/local-stack';
import {
  bindingsFromApps,
  bindingsFromTerraform,
  sortBindings,
  type TriggerBinding,
} from '../../src/trigger-bindings.js';
import {
  DEPLOYED_ACCOUNT,
  DEPLOYED_API_IDS,
  writeDeployedState,
} from '../helpers/deployed-state.js';
import {
  after,
  allStatements,
  planned,
  statementsByFunction,
  type PlanJson,
  type PlannedStatement,
} from '../helpers/plan.js';
import type { SynthesizedJson } from '../helpers/synth.js';
import { unzip } from '../helpers/unzip.js';
import {
  findPluginDir,
  terraform,
  terraformVersion,
  writeOfflineOverride,
} from '../helpers/terraform.js';

const STAGE = 'test';
const REGION = 'eu-west-1';
const PREFIX = `chat-${STAGE}`;
const functions: FunctionDescription[] = chatApps.flatMap((app) => app.functions);

const work = mkdtempSync(join(tmpdir(), 'chat-infra-synth-'));

/** Synthesizes the real app descriptions, exactly as `pnpm --filter @chat/infra synth` does. */
function synthesizeRealApp(): {
  result: SynthesisResult;
  json: SynthesizedJson;
  reportPath: string;
} {
  const reportPath = join(work, 'bundle-sizes.json');
  const result = synthesizeChatApp({
    env: { CHAT_STAGE: STAGE, CHAT_REGION: REGION, CHAT_ALARM_EMAIL: 'ops@example.com' },
    outdir: join(work, 'cdktf.out'),
    bundleDir: join(work, 'bundles'),
    reportPath,
    log: () => undefined,
  });
  const json = JSON.parse(
    readFileSync(join(result.stackDir, 'cdk.tf.json'), 'utf8'),
  ) as SynthesizedJson;
  return { result, json, reportPath };
}

let synthesis: ReturnType<typeof synthesizeRealApp>;

beforeAll(() => {
  synthesis = synthesizeRealApp();
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the real app', () => {
  it('bundles every function to at most 500 KiB zipped and writes the sizes as JSON', () => {
    const written = JSON.parse(
      readFileSync(synthesis.reportPath, 'utf8'),
    ) as typeof synthesis.result.report;

    expect(written).toEqual(synthesis.result.report);
    expect(written.functions.map((f) => f.functionName).sort()).toEqual(
      functions.map((fn) => fn.name).sort(),
    );
    for (const size of written.functions) {
      expect(size.zipBytes, size.functionName).toBeLessThanOrEqual(BUNDLE_SIZE_LIMIT_BYTES);
      expect(size.zipBytes, size.functionName).toBeGreaterThan(0);
    }
  });

  it('ships zips whose module loads on Node as ESM and exports the named handler', () => {
    for (const bundle of synthesis.result.stack.bundles) {
      const fn = functions.find((f) => f.name === bundle.functionName)!;
      const dir = mkdtempSync(join(work, `lambda-${fn.name}-`));
      for (const entry of unzip(readFileSync(bundle.zipPath))) {
        writeFileSync(join(dir, entry.name), entry.data);
      }
      // A fresh process with the function's environment, as the Lambda runtime's init phase.
      const environment = Object.fromEntries(
        Object.entries(fn.environment).map(([key, source]) => [
          key,
          source.from === 'value'
            ? source.value
            : source.from === 'tableName'
              ? `${PREFIX}-chat`
              : `https://stand-in.execute-api.${REGION}.amazonaws.com/${STAGE}`,
        ]),
      );
      const loaded = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          `const m = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)}); console.log(typeof m[${JSON.stringify(fn.handler)}]);`,
        ],
        { encoding: 'utf8', env: { ...process.env, AWS_REGION: REGION, ...environment } },
      );

      expect(loaded.status, `${fn.name}: ${loaded.stderr.slice(-400)}`).toBe(0);
      expect(loaded.stdout.trim(), fn.name).toBe('function');
    }
  });

  it('deploys exactly the routes and triggers the app descriptions declare', () => {
    expect(bindingsFromTerraform(synthesis.json)).toEqual(bindingsFromApps(chatApps));
  });

  it('wires the local stack with the same routes, triggers and stream settings as the Terraform', () => {
    const wiring = wire(defaultApps);
    const local = sortBindings([
      ...[...wiring.websocketRoutes].map(([routeKey, route]): TriggerBinding => ({
        functionName: route.functionName,
        kind: 'websocket',
        routeKey,
      })),
      ...wiring.httpRoutes.map((route): TriggerBinding => ({
        functionName: route.functionName,
        kind: 'http',
        method: route.method,
        path: route.path,
      })),
      ...wiring.streamMappings.map((mapping): TriggerBinding => ({
        functionName: mapping.functionName,
        kind: 'table-stream',
      })),
    ]);
    expect(local).toEqual(bindingsFromTerraform(synthesis.json));

    const resources = (
      synthesis.json as { resource: Record<string, Record<string, Record<string, unknown>>> }
    ).resource;
    const mappings = Object.values(resources.aws_lambda_event_source_mapping ?? {});
    expect(mappings).toHaveLength(wiring.streamMappings.length);
    for (const { trigger } of wiring.streamMappings) {
      expect(mappings[0]).toMatchObject({
        batch_size: trigger.batchSize,
        maximum_batching_window_in_seconds: trigger.maximumBatchingWindowSeconds,
        maximum_retry_attempts: trigger.maximumRetryAttempts,
        maximum_record_age_in_seconds: trigger.maximumRecordAgeSeconds,
        bisect_batch_on_function_error: trigger.bisectBatchOnFunctionError,
        starting_position: trigger.startingPosition,
      });
    }
  });
});

if (terraformVersion === undefined) {
  console.warn(
    'Terraform is not on PATH: skipping terraform init/validate/plan and the policy tests on the plan. Install Terraform >= 1.10 to run them.',
  );
}

describe(`terraform ${terraformVersion ?? '(missing)'} on the synthesized stack`, () => {
  const noTerraform = terraformVersion === undefined;
  let freshPlanOutput = '';
  let validateOutput = '';
  let deployedPlan: PlanJson;

  beforeAll(async () => {
    if (noTerraform) return;
    const dir = synthesis.result.stackDir;
    const pluginDir = findPluginDir();
    writeOfflineOverride(dir);
    writeDeployedState(join(dir, 'deployed.tfstate'), synthesis.json, REGION);
    await terraform(dir, [
      'init',
      '-input=false',
      ...(pluginDir === undefined ? [] : [`-plugin-dir=${pluginDir}`]),
    ]);
    // Read-only from here on: validate and both plans run side by side.
    const plan = (state: string, out: string): Promise<string> =>
      terraform(dir, [
        'plan',
        '-refresh=false',
        '-input=false',
        '-lock=false',
        `-state=${state}`,
        `-out=${out}`,
      ]);
    [validateOutput, freshPlanOutput] = await Promise.all([
      terraform(dir, ['validate']),
      plan('fresh.tfstate', 'fresh.tfplan'),
      plan('deployed.tfstate', 'deployed.tfplan'),
    ]);
    deployedPlan = JSON.parse(
      await terraform(dir, ['show', '-json', 'deployed.tfplan']),
    ) as PlanJson;
  }, 240_000);

  it.skipIf(noTerraform)('initializes, validates and plans from empty state without AWS', () => {
    expect(validateOutput).toContain('The configuration is valid');
    expect(freshPlanOutput).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy/);
  });

  it.skipIf(noTerraform)('holds no IAM statement with a wildcard action', () => {
    const statements = allStatements(deployedPlan);

    expect(statements.length).toBeGreaterThan(functions.length);
    for (const statement of statements) {
      expect(statement.effect).toBe('Allow');
      expect(statement.notActions).toEqual([]);
      expect(statement.actions.filter((action) => action.includes('*'))).toEqual([]);
    }
  });

  it.skipIf(noTerraform)(
    'grants ManageConnections only to functions that post, on their methods of this stage',
    () => {
      const byFunction = statementsByFunction(deployedPlan);
      const api = `arn:aws:execute-api:${REGION}:${DEPLOYED_ACCOUNT}:${DEPLOYED_API_IDS.WEBSOCKET}`;

      expect([...byFunction.keys()].sort()).toEqual(functions.map((fn) => fn.name).sort());
      for (const fn of functions) {
        const granted = byFunction
          .get(fn.name)!
          .filter((s) => s.actions.includes(MANAGE_CONNECTIONS_ACTION));
        const methods = [...(fn.permissions.manageConnections ?? [])].sort();

        expect(granted.flatMap((s) => s.resources).sort(), fn.name).toEqual(
          methods.map((method) => `${api}/${STAGE}/${method}/@connections/*`),
        );
        for (const statement of granted)
          expect(statement.actions).toEqual([MANAGE_CONNECTIONS_ACTION]);
      }
    },
  );

  it.skipIf(noTerraform)(
    'scopes table actions to the table and its indexes, and stream reads to its stream',
    () => {
      const table = `arn:aws:dynamodb:${REGION}:${DEPLOYED_ACCOUNT}:table/${PREFIX}-chat`;
      const stream = `${table}/stream/2025-01-01T00:00:00.000`;
      const byFunction = statementsByFunction(deployedPlan);

      for (const fn of functions) {
        const dynamodb = byFunction
          .get(fn.name)!
          .filter((s) => s.actions.some((action) => action.startsWith('dynamodb:')));
        const actions = dynamodb.flatMap((s) => s.actions);
        const streamStatements = dynamodb.filter((s) =>
          s.actions.some((a) => (STREAM_READ_ACTIONS as readonly string[]).includes(a)),
        );

        for (const statement of dynamodb) {
          for (const resource of statement.resources) {
            expect([table, `${table}/index/*`, stream], fn.name).toContain(resource);
          }
        }
        expect(
          actions.some((a) => (TABLE_WRITE_ACTIONS as readonly string[]).includes(a)),
          fn.name,
        ).toBe(fn.permissions.table === 'read-write');
        expect(actions, fn.name).not.toContain('dynamodb:Scan');
        expect(
          streamStatements.flatMap((s) => s.resources),
          fn.name,
        ).toEqual(fn.permissions.tableStream === true ? [stream] : []);
      }
    },
  );

  it.skipIf(noTerraform)('lets each function write logs only to its own log group', () => {
    for (const [name, statements] of statementsByFunction(deployedPlan)) {
      const logs = statements.filter((s: PlannedStatement) =>
        s.actions.some((a) => a.startsWith('logs:')),
      );

      expect(logs.flatMap((s) => s.actions).sort(), name).toEqual([
        'logs:CreateLogStream',
        'logs:PutLogEvents',
      ]);
      expect(
        logs.flatMap((s) => s.resources),
        name,
      ).toEqual([
        `arn:aws:logs:${REGION}:${DEPLOYED_ACCOUNT}:log-group:/aws/lambda/${PREFIX}-${name}:*`,
      ]);
    }
  });

  it.skipIf(noTerraform)('gives every function a log group with retention', () => {
    const logGroups = new Map(
      planned(deployedPlan, 'aws_cloudwatch_log_group').map((rc) => [after(rc).name, after(rc)]),
    );
    const lambdas = planned(deployedPlan, 'aws_lambda_function');

    expect(lambdas).toHaveLength(functions.length);
    for (const lambda of lambdas) {
      const name = String(after(lambda).function_name);
      const [logging] = after(lambda).logging_config as [{ log_group: string }];
      const group = logGroups.get(`/aws/lambda/${name}`);

      expect(logging.log_group, name).toBe(`/aws/lambda/${name}`);
      expect(after(lambda).runtime, name).toBe('nodejs22.x');
      expect(group?.retention_in_days, name).toBeGreaterThan(0);
    }
  });

  it.skipIf(noTerraform)(
    'maps the stream with an on-failure queue, finite retries and ReportBatchItemFailures',
    () => {
      const consumers = functions.filter((fn) =>
        fn.triggers.some((t) => t.type === 'table-stream'),
      );
      const mappings = planned(deployedPlan, 'aws_lambda_event_source_mapping').map(after);

      expect(mappings).toHaveLength(consumers.length);
      for (const fn of consumers) {
        const trigger = fn.triggers.find((t) => t.type === 'table-stream')!;
        const queue = `arn:aws:sqs:${REGION}:${DEPLOYED_ACCOUNT}:${PREFIX}-${fn.name}-failures`;
        const mapping = mappings.find(
          (m) =>
            (m.destination_config as [{ on_failure: [{ destination_arn: string }] }])[0]
              .on_failure[0].destination_arn === queue,
        );
        const filters = (mapping?.filter_criteria as [{ filter: { pattern: string }[] }])[0].filter;

        expect(mapping, fn.name).toBeDefined();
        expect(mapping!.function_response_types).toEqual(['ReportBatchItemFailures']);
        expect(mapping!.maximum_retry_attempts).toBeGreaterThanOrEqual(0);
        expect(mapping!.maximum_retry_attempts).toBe(trigger.maximumRetryAttempts);
        expect(mapping!.maximum_record_age_in_seconds).toBeGreaterThan(0);
        expect(mapping!.bisect_batch_on_function_error).toBe(true);
        expect(filters.map((f) => JSON.parse(f.pattern) as unknown)).toEqual(
          trigger.filterPatterns,
        );
      }
    },
  );

  it.skipIf(noTerraform)('creates the table with PITR, TTL, the stream and encryption', () => {
    const [table] = planned(deployedPlan, 'aws_dynamodb_table').map(after);

    expect(table).toMatchObject({
      name: `${PREFIX}-chat`,
      billing_mode: 'PAY_PER_REQUEST',
      point_in_time_recovery: [{ enabled: true }],
      ttl: [{ attribute_name: 'expiresAt', enabled: true }],
      stream_enabled: true,
      stream_view_type: 'NEW_AND_OLD_IMAGES',
      server_side_encryption: [{ enabled: true }],
    });
  });

  it.skipIf(noTerraform)(
    'hands the Management API endpoint of the stage to functions that need it',
    () => {
      const endpoint = `https://${DEPLOYED_API_IDS.WEBSOCKET}.execute-api.${REGION}.amazonaws.com/${STAGE}`;
      const needing = functions.filter((fn) =>
        Object.values(fn.environment).some((source) => source.from === 'connectionsEndpoint'),
      );

      expect(needing.length).toBeGreaterThan(0);
      for (const fn of needing) {
        const lambda = planned(deployedPlan, 'aws_lambda_function')
          .map(after)
          .find((l) => l.function_name === `${PREFIX}-${fn.name}`)!;
        const [environment] = lambda.environment as [{ variables: Record<string, string> }];
        const keys = Object.entries(fn.environment)
          .filter(([, source]) => source.from === 'connectionsEndpoint')
          .map(([key]) => key);

        for (const key of keys) expect(environment.variables[key], fn.name).toBe(endpoint);
      }
    },
  );

  it.skipIf(noTerraform)('lets API Gateway invoke each function only from its own routes', () => {
    const ws = `arn:aws:execute-api:${REGION}:${DEPLOYED_ACCOUNT}:${DEPLOYED_API_IDS.WEBSOCKET}/${STAGE}`;
    const http = `arn:aws:execute-api:${REGION}:${DEPLOYED_ACCOUNT}:${DEPLOYED_API_IDS.HTTP}/${STAGE}`;
    const expected = functions.flatMap((fn) =>
      fn.triggers.flatMap((t) =>
        t.type === 'websocket'
          ? [`${PREFIX}-${fn.name} ${ws}/${t.routeKey}`]
          : t.type === 'http'
            ? [`${PREFIX}-${fn.name} ${http}/${t.method}${arnPath(t.path)}`]
            : [],
      ),
    );

    const actual = planned(deployedPlan, 'aws_lambda_permission')
      .map(after)
      .map((p) => `${String(p.function_name)} ${String(p.source_arn)}`);

    expect(actual.sort()).toEqual(expected.sort());
  });
});
