import { Testing } from 'cdktf';
import { describe, expect, it } from 'vitest';
import { ChatStack } from '../../src/chat-stack.js';
import { ChatTable } from '../../src/constructs/chat-table.js';
import { fixtureApps, fixtureSocketApp, fixtureStreamTrigger } from '../fixtures/app.js';
import { findResource, resourcesOf, synthesizeStack, testBundleDir } from '../helpers/synth.js';

describe('ChatTable', () => {
  it('creates an on-demand table with the domain keys, stream, TTL, PITR and encryption', () => {
    const synthesized = Testing.synthScope((scope) => {
      new ChatTable(scope, 'table', { namePrefix: 'chat-test' });
    });

    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_dynamodb_table', {
        name: 'chat-test-chat',
        billing_mode: 'PAY_PER_REQUEST',
        hash_key: 'pk',
        range_key: 'sk',
        stream_enabled: true,
        stream_view_type: 'NEW_AND_OLD_IMAGES',
        ttl: { attribute_name: 'expiresAt', enabled: true },
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true },
        global_secondary_index: [
          {
            name: 'byConnection',
            hash_key: 'gsi1pk',
            range_key: 'gsi1sk',
            projection_type: 'KEYS_ONLY',
          },
        ],
      }),
    ).toBe(true);
  });

  it('uses a customer managed key and deletion protection when asked', () => {
    const synthesized = Testing.synthScope((scope) => {
      new ChatTable(scope, 'table', {
        namePrefix: 'chat-prod',
        deletionProtection: true,
        kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
      });
    });

    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_dynamodb_table', {
        deletion_protection_enabled: true,
        server_side_encryption: {
          enabled: true,
          kms_key_arn: 'arn:aws:kms:eu-west-1:123456789012:key/abc',
        },
      }),
    ).toBe(true);
  });
});

describe('ChatStack', () => {
  const { synthesized, json, stack } = synthesizeStack({
    alarms: { email: 'ops@example.com', threshold: 3 },
    logRetentionDays: 14,
    throttling: { burstLimit: 200, rateLimit: 100 },
    corsAllowOrigins: ['https://chat.example.com'],
  });

  it('pins the hashicorp/aws provider and uses no other provider', () => {
    expect(json.terraform.required_providers).toEqual({
      aws: { source: 'aws', version: '5.100.0' },
    });
    expect(Object.keys(json.provider)).toEqual(['aws']);
    expect(Testing.toHaveProviderWithProperties(synthesized, 'aws', { region: 'eu-west-1' })).toBe(
      true,
    );
  });

  it('creates one Lambda per described function, bundled, on nodejs22.x with arm64', () => {
    const functions = resourcesOf(json, 'aws_lambda_function');

    expect(functions.map(([, fn]) => fn.function_name).sort()).toEqual([
      'chat-test-fixture-http',
      'chat-test-fixture-stream',
      'chat-test-fixture-websocket',
    ]);
    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_lambda_function', {
        function_name: 'chat-test-fixture-websocket',
        runtime: 'nodejs22.x',
        architectures: ['arm64'],
        handler: 'index.handler',
        memory_size: 256,
        timeout: 10,
        source_code_hash: stack.functions.get('fixture-websocket')!.bundle.sha256,
      }),
    ).toBe(true);
    for (const [, fn] of functions) {
      expect(fn.filename).toMatch(/^assets\/.+\.zip$/);
    }
  });

  it('resolves the environment: table name, Management API endpoint and fixed values', () => {
    const [, stream] = findResource(
      json,
      'aws_lambda_function',
      (fn) => fn.function_name === 'chat-test-fixture-stream',
    );
    const [, http] = findResource(
      json,
      'aws_lambda_function',
      (fn) => fn.function_name === 'chat-test-fixture-http',
    );
    const [tableId] = resourcesOf(json, 'aws_dynamodb_table')[0]!;
    const [apiId] = findResource(
      json,
      'aws_apigatewayv2_api',
      (api) => api.protocol_type === 'WEBSOCKET',
    );
    const [stageId] = findResource(
      json,
      'aws_apigatewayv2_stage',
      (stage) => stage.api_id === `\${aws_apigatewayv2_api.${apiId}.id}`,
    );

    expect(stream.environment).toEqual({
      variables: {
        TABLE_NAME: `\${aws_dynamodb_table.${tableId}.name}`,
        CONNECTIONS_ENDPOINT: `\${replace(aws_apigatewayv2_api.${apiId}.api_endpoint, "wss://", "https://")}/\${aws_apigatewayv2_stage.${stageId}.name}`,
      },
    });
    expect(http.environment).toEqual({
      variables: { TABLE_NAME: `\${aws_dynamodb_table.${tableId}.name}`, PAGE_SIZE: '50' },
    });
  });

  it('gives every function its own /aws/lambda log group with the configured retention', () => {
    for (const [, fn] of resourcesOf(json, 'aws_lambda_function')) {
      const name = String(fn.function_name);
      const [logGroupId] = findResource(
        json,
        'aws_cloudwatch_log_group',
        (group) => group.name === `/aws/lambda/${name}`,
      );

      expect(json.resource.aws_cloudwatch_log_group![logGroupId]!.retention_in_days).toBe(14);
      expect(fn.logging_config).toEqual({
        log_format: 'JSON',
        log_group: `\${aws_cloudwatch_log_group.${logGroupId}.name}`,
      });
    }
  });

  it('selects WebSocket routes by $request.body.action', () => {
    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_apigatewayv2_api', {
        name: 'chat-test-websocket',
        protocol_type: 'WEBSOCKET',
        route_selection_expression: '$request.body.action',
      }),
    ).toBe(true);
  });

  it('gives each WebSocket route its own Lambda proxy integration', () => {
    const routes = resourcesOf(json, 'aws_apigatewayv2_route').filter(([id]) =>
      id.startsWith('websocket'),
    );
    const integrations = new Set(routes.map(([, route]) => route.target));

    expect(routes.map(([, route]) => route.route_key).sort()).toEqual([
      '$connect',
      '$default',
      '$disconnect',
      'sendMessage',
    ]);
    expect(integrations.size).toBe(routes.length);
    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_apigatewayv2_integration', {
        integration_type: 'AWS_PROXY',
        integration_method: 'POST',
      }),
    ).toBe(true);
  });

  it('adds a $default route response to two-way routes only', () => {
    const twoWay = resourcesOf(json, 'aws_apigatewayv2_route').filter(
      ([, route]) => route.route_response_selection_expression === '$default',
    );
    const responses = resourcesOf(json, 'aws_apigatewayv2_route_response');

    expect(twoWay.map(([, route]) => route.route_key).sort()).toEqual(['$default', 'sendMessage']);
    expect(responses.map(([, response]) => response.route_id).sort()).toEqual(
      twoWay.map(([id]) => `\${aws_apigatewayv2_route.${id}.id}`).sort(),
    );
    for (const [, response] of responses) expect(response.route_response_key).toBe('$default');
  });

  it('throttles both stages and writes JSON access logs to log groups with retention', () => {
    for (const [, stage] of resourcesOf(json, 'aws_apigatewayv2_stage')) {
      const settings = stage.access_log_settings as { destination_arn: string; format: string };
      const logGroupId = /aws_cloudwatch_log_group\.([^.]+)\.arn/.exec(
        settings.destination_arn,
      )![1]!;

      expect(stage.name).toBe('test');
      expect(stage.auto_deploy).toBe(true);
      expect(stage.default_route_settings).toMatchObject({
        throttling_burst_limit: 200,
        throttling_rate_limit: 100,
      });
      expect(JSON.parse(settings.format)).toMatchObject({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
      });
      expect(json.resource.aws_cloudwatch_log_group![logGroupId]!.retention_in_days).toBe(14);
    }
  });

  it('lets API Gateway invoke a function only from its own route and stage', () => {
    const permissions = resourcesOf(json, 'aws_lambda_permission').map(([, p]) => p);
    const [wsApi] = findResource(
      json,
      'aws_apigatewayv2_api',
      (api) => api.protocol_type === 'WEBSOCKET',
    );
    const [httpApi] = findResource(
      json,
      'aws_apigatewayv2_api',
      (api) => api.protocol_type === 'HTTP',
    );
    const sourceArns = permissions.map((p) =>
      String(p.source_arn).replace(/\$\{[^}]+stage[^}]+\}/, '{stage}'),
    );

    expect(permissions).toHaveLength(6);
    for (const permission of permissions) {
      expect(permission.principal).toBe('apigateway.amazonaws.com');
      expect(permission.action).toBe('lambda:InvokeFunction');
    }
    expect(sourceArns.sort()).toEqual(
      [
        `\${aws_apigatewayv2_api.${wsApi}.execution_arn}/{stage}/$connect`,
        `\${aws_apigatewayv2_api.${wsApi}.execution_arn}/{stage}/$disconnect`,
        `\${aws_apigatewayv2_api.${wsApi}.execution_arn}/{stage}/$default`,
        `\${aws_apigatewayv2_api.${wsApi}.execution_arn}/{stage}/sendMessage`,
        `\${aws_apigatewayv2_api.${httpApi}.execution_arn}/{stage}/GET/rooms/*/messages`,
        `\${aws_apigatewayv2_api.${httpApi}.execution_arn}/{stage}/POST/rooms/*/messages`,
      ].sort(),
    );
  });

  it('serves HTTP routes through one payload 2.0 integration per function, IAM where asked', () => {
    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_apigatewayv2_integration', {
        integration_type: 'AWS_PROXY',
        payload_format_version: '2.0',
      }),
    ).toBe(true);
    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_apigatewayv2_route', {
        route_key: 'POST /rooms/{roomId}/messages',
        authorization_type: 'AWS_IAM',
      }),
    ).toBe(true);
    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_apigatewayv2_route', {
        route_key: 'GET /rooms/{roomId}/messages',
        authorization_type: 'NONE',
      }),
    ).toBe(true);
    const httpRoutes = resourcesOf(json, 'aws_apigatewayv2_route').filter(([id]) =>
      id.startsWith('http'),
    );
    expect(new Set(httpRoutes.map(([, route]) => route.target)).size).toBe(1);
  });

  it('allows CORS from the configured origins for the methods that have routes', () => {
    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_apigatewayv2_api', {
        protocol_type: 'HTTP',
        cors_configuration: {
          allow_origins: ['https://chat.example.com'],
          allow_methods: ['GET', 'POST'],
        },
      }),
    ).toBe(true);
  });

  it('maps the table-stream trigger onto the event source mapping', () => {
    const [, mapping] = resourcesOf(json, 'aws_lambda_event_source_mapping')[0]!;
    const [queueId] = resourcesOf(json, 'aws_sqs_queue')[0]!;
    const [tableId] = resourcesOf(json, 'aws_dynamodb_table')[0]!;

    expect(mapping).toMatchObject({
      event_source_arn: `\${aws_dynamodb_table.${tableId}.stream_arn}`,
      starting_position: fixtureStreamTrigger.startingPosition,
      batch_size: fixtureStreamTrigger.batchSize,
      maximum_batching_window_in_seconds: fixtureStreamTrigger.maximumBatchingWindowSeconds,
      maximum_retry_attempts: fixtureStreamTrigger.maximumRetryAttempts,
      maximum_record_age_in_seconds: fixtureStreamTrigger.maximumRecordAgeSeconds,
      bisect_batch_on_function_error: true,
      parallelization_factor: fixtureStreamTrigger.parallelizationFactor,
      function_response_types: ['ReportBatchItemFailures'],
      destination_config: { on_failure: { destination_arn: `\${aws_sqs_queue.${queueId}.arn}` } },
      filter_criteria: {
        filter: fixtureStreamTrigger.filterPatterns.map((pattern) => ({
          pattern: JSON.stringify(pattern),
        })),
      },
    });
    expect(
      (mapping.depends_on as string[]).every((d) => d.startsWith('aws_iam_role_policy.')),
    ).toBe(true);
  });

  it('alarms on visible failure messages and notifies the e-mail topic', () => {
    const [queueId] = resourcesOf(json, 'aws_sqs_queue')[0]!;

    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_cloudwatch_metric_alarm', {
        namespace: 'AWS/SQS',
        metric_name: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: `\${aws_sqs_queue.${queueId}.name}` },
        threshold: 3,
        comparison_operator: 'GreaterThanOrEqualToThreshold',
        alarm_actions: ['${aws_sns_topic.alarm-topic.arn}'],
      }),
    ).toBe(true);
    expect(
      Testing.toHaveResourceWithProperties(synthesized, 'aws_sns_topic_subscription', {
        protocol: 'email',
        endpoint: 'ops@example.com',
      }),
    ).toBe(true);
  });

  it('outputs the WebSocket URL, Management API endpoint, HTTP API URL and table name', () => {
    expect(Object.keys(json.output)).toEqual(
      expect.arrayContaining([
        'websocket_url',
        'management_endpoint',
        'http_api_url',
        'table_name',
      ]),
    );
    expect(json.output.websocket_url!.value).toMatch(
      /^\$\{aws_apigatewayv2_stage\..+\.invoke_url\}$/,
    );
    expect(json.output.management_endpoint!.value).toMatch(
      /^\$\{replace\(.+"wss:\/\/", "https:\/\/"\)\}\//,
    );
  });

  it('leaves the account logging role out when told so', () => {
    const { json: withoutAccount } = synthesizeStack({ manageApiGatewayAccount: false });

    expect(withoutAccount.resource.aws_api_gateway_account).toBeUndefined();
    expect(json.resource.aws_api_gateway_account).toBeDefined();
  });

  it('refuses two functions with the same name', () => {
    expect(
      () =>
        new ChatStack(Testing.app(), 'dup', {
          stage: 'test',
          region: 'eu-west-1',
          apps: [fixtureSocketApp, fixtureSocketApp],
          bundle: { outDir: testBundleDir },
        }),
    ).toThrow(/used twice/);
  });

  it('refuses a WebSocket route key served by two functions', () => {
    const [first] = fixtureSocketApp.functions;
    const copy = { ...first!, name: 'fixture-websocket-copy' };

    expect(
      () =>
        new ChatStack(Testing.app(), 'dup-route', {
          stage: 'test',
          region: 'eu-west-1',
          apps: [...fixtureApps, { service: 'copy', functions: [copy] }],
          bundle: { outDir: testBundleDir },
        }),
    ).toThrow(/defined twice/);
  });
});
