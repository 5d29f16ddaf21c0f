/**
 * Which function serves which route or stream, read either from app descriptions or from
 * synthesized Terraform JSON, in one comparable shape. Tests use it to prove that what is
 * deployed is what the services describe, and that the local stack wires the same.
 */
import type { AppDescription } from '@chat/domain';
import { FUNCTION_TAG } from './constructs/chat-function.js';

/** A function bound to one trigger. */
export type TriggerBinding =
  | { readonly functionName: string; readonly kind: 'websocket'; readonly routeKey: string }
  | {
      readonly functionName: string;
      readonly kind: 'http';
      readonly method: string;
      readonly path: string;
    }
  | { readonly functionName: string; readonly kind: 'table-stream' };

/** Sort key, also a readable one-line form: `websocket $connect -> connection-websocket`. */
export function formatBinding(binding: TriggerBinding): string {
  switch (binding.kind) {
    case 'websocket':
      return `websocket ${binding.routeKey} -> ${binding.functionName}`;
    case 'http':
      return `http ${binding.method} ${binding.path} -> ${binding.functionName}`;
    case 'table-stream':
      return `table-stream -> ${binding.functionName}`;
  }
}

/** Bindings in a stable order, so two lists compare with `toEqual`. */
export function sortBindings(bindings: readonly TriggerBinding[]): TriggerBinding[] {
  return [...bindings].sort((a, b) => formatBinding(a).localeCompare(formatBinding(b)));
}

/** The bindings the app descriptions declare. */
export function bindingsFromApps(apps: readonly AppDescription[]): TriggerBinding[] {
  return sortBindings(
    apps.flatMap((app) =>
      app.functions.flatMap((fn) =>
        fn.triggers.map((trigger): TriggerBinding => {
          switch (trigger.type) {
            case 'websocket':
              return { functionName: fn.name, kind: 'websocket', routeKey: trigger.routeKey };
            case 'http':
              return {
                functionName: fn.name,
                kind: 'http',
                method: trigger.method,
                path: trigger.path,
              };
            case 'table-stream':
              return { functionName: fn.name, kind: 'table-stream' };
          }
        }),
      ),
    ),
  );
}

type Resources = Record<string, Record<string, Record<string, unknown> | undefined> | undefined>;

/** `${aws_lambda_function.name.invoke_arn}` → `name` (for the given resource type). */
function referencedName(expression: unknown, type: string): string | undefined {
  if (typeof expression !== 'string') return undefined;
  const match = new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(expression);
  return match?.[1];
}

/**
 * The bindings a synthesized stack deploys: API Gateway routes (through their integration to
 * the Lambda function) and stream event source mappings. Functions are named by their
 * `chat:function` tag, that is by their app-description name.
 *
 * @param synthesized the parsed `cdk.tf.json` (or `Testing.synth` output) of a chat stack
 */
export function bindingsFromTerraform(synthesized: unknown): TriggerBinding[] {
  const resources = (synthesized as { resource?: Resources }).resource ?? {};
  const of = (type: string): Record<string, Record<string, unknown> | undefined> =>
    resources[type] ?? {};

  const functionName = (expression: unknown): string => {
    const id = referencedName(expression, 'aws_lambda_function');
    const tags = id === undefined ? undefined : of('aws_lambda_function')[id]?.tags;
    const name = (tags as Record<string, unknown> | undefined)?.[FUNCTION_TAG];
    if (typeof name !== 'string') {
      throw new TypeError(`No tagged Lambda function behind ${String(expression)}`);
    }
    return name;
  };

  const bindings: TriggerBinding[] = [];
  for (const route of Object.values(of('aws_apigatewayv2_route'))) {
    const apiId = referencedName(route?.api_id, 'aws_apigatewayv2_api');
    const integrationId = referencedName(route?.target, 'aws_apigatewayv2_integration');
    const integration =
      integrationId === undefined ? undefined : of('aws_apigatewayv2_integration')[integrationId];
    const protocol =
      apiId === undefined ? undefined : of('aws_apigatewayv2_api')[apiId]?.protocol_type;
    const routeKey = String(route?.route_key);
    const fn = functionName(integration?.integration_uri);
    if (protocol === 'WEBSOCKET') {
      bindings.push({ functionName: fn, kind: 'websocket', routeKey });
    } else {
      const [method = '', path = ''] = routeKey.split(' ');
      bindings.push({ functionName: fn, kind: 'http', method, path });
    }
  }
  for (const mapping of Object.values(of('aws_lambda_event_source_mapping'))) {
    if (referencedName(mapping?.event_source_arn, 'aws_dynamodb_table') !== undefined) {
      bindings.push({
        functionName: functionName(mapping?.function_name),
        kind: 'table-stream',
      });
    }
  }
  return sortBindings(bindings);
}
