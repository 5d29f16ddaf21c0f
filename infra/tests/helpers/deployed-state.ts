/**
 * A Terraform state in which the resources that IAM policies and environment variables point
 * at already exist (the two APIs, the table, the log groups, the queues), with made-up ids in
 * account 123456789012. Planning against it shows every policy with concrete ARNs, the way
 * the plan of an update to a deployed stack does; a plan from empty state only says "known
 * after apply".
 */
import { writeFileSync } from 'node:fs';
import type { SynthesizedJson } from './synth.js';

export const DEPLOYED_ACCOUNT = '123456789012';

/** Made-up ids of the existing APIs. */
export const DEPLOYED_API_IDS = { WEBSOCKET: 'ws0api0001', HTTP: 'http0api01' } as const;

const PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]';

type Attributes = Record<string, unknown>;

function existing(region: string, type: string, config: Attributes): Attributes | undefined {
  const account = DEPLOYED_ACCOUNT;
  const name = String(config.name);
  switch (type) {
    case 'aws_apigatewayv2_api': {
      const protocol = config.protocol_type as 'WEBSOCKET' | 'HTTP';
      const id = DEPLOYED_API_IDS[protocol];
      const scheme = protocol === 'WEBSOCKET' ? 'wss' : 'https';
      return {
        id,
        name,
        protocol_type: protocol,
        route_selection_expression:
          config.route_selection_expression ?? '$request.method $request.path',
        api_key_selection_expression: '$request.header.x-api-key',
        api_endpoint: `${scheme}://${id}.execute-api.${region}.amazonaws.com`,
        arn: `arn:aws:apigateway:${region}::/apis/${id}`,
        execution_arn: `arn:aws:execute-api:${region}:${account}:${id}`,
        tags_all: {},
      };
    }
    case 'aws_dynamodb_table':
      return {
        id: name,
        name,
        arn: `arn:aws:dynamodb:${region}:${account}:table/${name}`,
        stream_arn: `arn:aws:dynamodb:${region}:${account}:table/${name}/stream/2025-01-01T00:00:00.000`,
        stream_label: '2025-01-01T00:00:00.000',
        stream_enabled: config.stream_enabled,
        stream_view_type: config.stream_view_type,
        hash_key: config.hash_key,
        range_key: config.range_key,
        billing_mode: config.billing_mode,
        tags_all: {},
      };
    case 'aws_cloudwatch_log_group':
      return {
        id: name,
        name,
        arn: `arn:aws:logs:${region}:${account}:log-group:${name}`,
        retention_in_days: config.retention_in_days,
        tags_all: {},
      };
    case 'aws_sqs_queue': {
      const url = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
      return {
        id: url,
        url,
        name,
        arn: `arn:aws:sqs:${region}:${account}:${name}`,
        fifo_queue: false,
        tags_all: {},
      };
    }
    default:
      return undefined;
  }
}

/** Schema versions of the resource types written (from the provider's schema). */
const SCHEMA_VERSION: Record<string, number> = { aws_dynamodb_table: 1 };

/** Writes the state to `path`, for `terraform plan -state=<path>`. */
export function writeDeployedState(
  path: string,
  synthesized: SynthesizedJson,
  region: string,
): void {
  const resources = Object.entries(synthesized.resource).flatMap(([type, byName]) =>
    Object.entries(byName).flatMap(([name, config]) => {
      const attributes = existing(region, type, config);
      return attributes === undefined
        ? []
        : [
            {
              mode: 'managed',
              type,
              name,
              provider: PROVIDER,
              instances: [{ schema_version: SCHEMA_VERSION[type] ?? 0, attributes }],
            },
          ];
    }),
  );
  const state = {
    version: 4,
    // Older than any Terraform that reads it, so every version accepts the file.
    terraform_version: '1.0.0',
    serial: 1,
    lineage: '8d4c1a52-0000-4000-8000-000000000001',
    outputs: {},
    resources,
  };
  writeFileSync(path, JSON.stringify(state, null, 2));
}
