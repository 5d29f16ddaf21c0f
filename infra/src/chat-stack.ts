/**
 * The whole backend as one Terraform stack, built from the services' app descriptions.
 */
import type { AppDescription, TableStreamTrigger } from '@chat/domain';
import { ApiGatewayAccount } from '@cdktf/provider-aws/lib/api-gateway-account/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { DEFAULT_BUNDLE_DIR, type BundleOptions, type FunctionBundle } from './bundle.js';
import { ChatFunction } from './constructs/chat-function.js';
import { ChatTable } from './constructs/chat-table.js';
import { HttpApi } from './constructs/http-api.js';
import { StreamFanout } from './constructs/stream-fanout.js';
import { WebSocketApi, type ThrottlingOptions } from './constructs/websocket-api.js';
import { InfraError } from './errors.js';

/** Alarm settings of the stream fan-out's on-failure queue. */
export interface AlarmOptions {
  /** Visible failure messages that raise the alarm (default 1). */
  readonly threshold?: number;
  /** Evaluation period in seconds (default 300). */
  readonly periodSeconds?: number;
  /** Periods that must breach (default 1). */
  readonly evaluationPeriods?: number;
  /** Existing SNS topic to notify. */
  readonly topicArn?: string;
  /** Creates an SNS topic with this e-mail subscription and notifies it. */
  readonly email?: string;
}

/** Everything a deployment can configure. */
export interface ChatStackOptions {
  /** Stage name: API Gateway stage of both APIs, and part of every default name. */
  readonly stage: string;
  readonly region: string;
  /** Prefix of every resource name (default `chat-{stage}`). */
  readonly namePrefix?: string;
  /** The services to deploy. */
  readonly apps: readonly AppDescription[];
  /** Retention of every log group (default 30 days). */
  readonly logRetentionDays?: number;
  /** Stage throttling of both APIs (default burst 1000, rate 500 per second). */
  readonly throttling?: ThrottlingOptions;
  readonly alarms?: AlarmOptions;
  /** Origins allowed to call the HTTP API from a browser (default `*`). */
  readonly corsAllowOrigins?: readonly string[];
  /** Lambda architecture (default `arm64`). */
  readonly lambdaArchitecture?: 'arm64' | 'x86_64';
  /** Deletion protection on the table (default `false`). */
  readonly tableDeletionProtection?: boolean;
  /**
   * Set the account's API Gateway CloudWatch role, which WebSocket access logs need (default
   * `true`). It is one setting per account and region: turn this off where it is managed
   * elsewhere.
   */
  readonly manageApiGatewayAccount?: boolean;
  /** The provider refuses to run against any other account. */
  readonly allowedAccountIds?: readonly string[];
  /** Where and how functions are bundled (default `infra/dist/bundles`, minified, no maps). */
  readonly bundle?: Partial<BundleOptions>;
  /** Tags on every resource, besides `Project`, `Stage` and `ManagedBy`. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Defaults of the optional settings. */
export const STACK_DEFAULTS = {
  logRetentionDays: 30,
  throttling: { burstLimit: 1000, rateLimit: 500 },
  corsAllowOrigins: ['*'],
  lambdaArchitecture: 'arm64',
  alarmThreshold: 1,
  alarmPeriodSeconds: 300,
  alarmEvaluationPeriods: 1,
} as const;

/**
 * The chat backend: the table, both APIs, one {@link ChatFunction} per described function,
 * its routes, and a {@link StreamFanout} per table-stream trigger.
 */
export class ChatStack extends TerraformStack {
  readonly namePrefix: string;
  readonly table: ChatTable;
  readonly webSocketApi: WebSocketApi;
  readonly httpApi: HttpApi;
  /** The functions by their description name. */
  readonly functions = new Map<string, ChatFunction>();
  readonly fanouts: StreamFanout[] = [];

  constructor(scope: Construct, id: string, options: ChatStackOptions) {
    super(scope, id);
    const namePrefix = options.namePrefix ?? `chat-${options.stage}`;
    this.namePrefix = namePrefix;
    const logRetentionDays = options.logRetentionDays ?? STACK_DEFAULTS.logRetentionDays;
    const throttling = options.throttling ?? STACK_DEFAULTS.throttling;
    assertUniqueFunctionNames(options.apps);

    new AwsProvider(this, 'aws', {
      region: options.region,
      ...(options.allowedAccountIds === undefined
        ? {}
        : { allowedAccountIds: [...options.allowedAccountIds] }),
      defaultTags: [
        {
          tags: {
            Project: 'chat',
            Stage: options.stage,
            ManagedBy: 'cdktf',
            ...options.tags,
          },
        },
      ],
    });

    this.table = new ChatTable(this, 'table', {
      namePrefix,
      deletionProtection: options.tableDeletionProtection ?? false,
    });

    const accountLogging =
      (options.manageApiGatewayAccount ?? true) ? this.apiGatewayAccount(namePrefix) : undefined;
    this.webSocketApi = new WebSocketApi(this, 'websocket', {
      namePrefix,
      stage: options.stage,
      throttling,
      logRetentionDays,
      ...(accountLogging === undefined ? {} : { loggingDependsOn: [accountLogging] }),
    });
    this.httpApi = new HttpApi(this, 'http', {
      namePrefix,
      stage: options.stage,
      throttling,
      logRetentionDays,
      cors: { allowOrigins: options.corsAllowOrigins ?? STACK_DEFAULTS.corsAllowOrigins },
    });

    const alarmActions = this.alarmActions(namePrefix, options.alarms);
    const bundle: BundleOptions = { outDir: DEFAULT_BUNDLE_DIR, ...options.bundle };
    for (const app of options.apps) {
      for (const description of app.functions) {
        const fn = new ChatFunction(this, `function-${description.name}`, {
          description,
          service: app.service,
          namePrefix,
          table: this.table,
          webSocketApi: this.webSocketApi,
          bundle,
          logRetentionDays,
          architecture: options.lambdaArchitecture ?? STACK_DEFAULTS.lambdaArchitecture,
        });
        this.functions.set(description.name, fn);
        for (const trigger of description.triggers) {
          switch (trigger.type) {
            case 'websocket':
              this.webSocketApi.addRoute(trigger.routeKey, fn, { twoWay: trigger.twoWay });
              break;
            case 'http':
              this.httpApi.addRoute(trigger, fn);
              break;
            case 'table-stream':
              this.fanouts.push(this.streamFanout(fn, trigger, options.alarms, alarmActions));
              break;
          }
        }
      }
    }

    new TerraformOutput(this, 'websocket_url', {
      value: this.webSocketApi.url,
      description: 'WebSocket URL clients connect to',
    });
    new TerraformOutput(this, 'management_endpoint', {
      value: this.webSocketApi.managementEndpoint,
      description: 'API Gateway Management API endpoint (postToConnection)',
    });
    new TerraformOutput(this, 'http_api_url', {
      value: this.httpApi.url,
      description: 'Base URL of the HTTP API',
    });
    new TerraformOutput(this, 'table_name', {
      value: this.table.name,
      description: 'DynamoDB table name',
    });
    for (const fanout of this.fanouts) {
      const name = fanout.function.description.name.replace(/-/g, '_');
      new TerraformOutput(this, `${name}_failure_queue_url`, {
        value: fanout.failureQueue.url,
        description: 'SQS queue receiving stream batches that failed every retry',
      });
    }
  }

  /** The bundles of every function, for the size report. */
  get bundles(): FunctionBundle[] {
    return [...this.functions.values()].map((fn) => fn.bundle);
  }

  private streamFanout(
    fn: ChatFunction,
    trigger: TableStreamTrigger,
    alarms: AlarmOptions | undefined,
    alarmActions: readonly string[],
  ): StreamFanout {
    return new StreamFanout(this, `fanout-${fn.description.name}`, {
      function: fn,
      trigger,
      table: this.table,
      alarm: {
        threshold: alarms?.threshold ?? STACK_DEFAULTS.alarmThreshold,
        periodSeconds: alarms?.periodSeconds ?? STACK_DEFAULTS.alarmPeriodSeconds,
        evaluationPeriods: alarms?.evaluationPeriods ?? STACK_DEFAULTS.alarmEvaluationPeriods,
        actions: alarmActions,
      },
    });
  }

  private alarmActions(namePrefix: string, alarms: AlarmOptions | undefined): string[] {
    const actions: string[] = [];
    if (alarms?.topicArn !== undefined) actions.push(alarms.topicArn);
    if (alarms?.email !== undefined) {
      // No `alias/aws/sns` encryption: CloudWatch alarms cannot publish with that key.
      const topic = new SnsTopic(this, 'alarm-topic', { name: `${namePrefix}-alarms` });
      new SnsTopicSubscription(this, 'alarm-email', {
        topicArn: topic.arn,
        protocol: 'email',
        endpoint: alarms.email,
      });
      actions.push(topic.arn);
    }
    return actions;
  }

  /** The account-level CloudWatch role API Gateway uses to write WebSocket access logs. */
  private apiGatewayAccount(namePrefix: string): ApiGatewayAccount {
    const assumeRole = new DataAwsIamPolicyDocument(this, 'apigateway-logs-assume-role', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['apigateway.amazonaws.com'] }],
        },
      ],
    });
    const role = new IamRole(this, 'apigateway-logs-role', {
      name: `${namePrefix}-apigateway-logs`,
      description: 'Lets API Gateway write access logs to CloudWatch Logs',
      assumeRolePolicy: assumeRole.json,
    });
    const attachment = new IamRolePolicyAttachment(this, 'apigateway-logs-policy', {
      role: role.name,
      policyArn: 'arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs',
    });
    return new ApiGatewayAccount(this, 'apigateway-account', {
      cloudwatchRoleArn: role.arn,
      dependsOn: [attachment],
    });
  }
}

function assertUniqueFunctionNames(apps: readonly AppDescription[]): void {
  const seen = new Set<string>();
  for (const fn of apps.flatMap((app) => app.functions)) {
    if (seen.has(fn.name)) {
      throw new InfraError('DUPLICATE_FUNCTION', `Function name "${fn.name}" is used twice`);
    }
    seen.add(fn.name);
  }
}
