/**
 * One Lambda function of an app description: its bundle, role, policy and log group.
 */
import type { FunctionDescription } from '@chat/domain';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
import { AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import { bundleFunction, type BundleOptions, type FunctionBundle } from '../bundle.js';
import { InfraError } from '../errors.js';
import { functionPolicyStatements, type PolicyStatement } from '../function-policy.js';
import type { ChatTable } from './chat-table.js';
import type { WebSocketApi } from './websocket-api.js';

/** The Lambda runtime every function uses unless told otherwise. */
export const DEFAULT_RUNTIME = 'nodejs22.x';

/** Tag that names the app-description function a resource belongs to. */
export const FUNCTION_TAG = 'chat:function';

/** Options of {@link ChatFunction}. */
export interface ChatFunctionOptions {
  readonly description: FunctionDescription;
  /** The service the function belongs to (tagged as `chat:service`). */
  readonly service: string;
  /** Prefix of every name: the function is `{namePrefix}-{description.name}`. */
  readonly namePrefix: string;
  readonly table: ChatTable;
  /** Needed when the function posts to connections or reads the Management API endpoint. */
  readonly webSocketApi?: WebSocketApi;
  readonly bundle: BundleOptions;
  readonly logRetentionDays: number;
  /** Default `arm64`: the code is pure JavaScript, and Graviton is cheaper per GB-second. */
  readonly architecture?: 'arm64' | 'x86_64';
  readonly runtime?: string;
}

/**
 * A function bundled with esbuild and zipped through a `TerraformAsset`, with an execution
 * role whose only inline policy is derived from the description's `permissions`, and its
 * own log group with retention.
 */
export class ChatFunction extends Construct {
  /** The function's name in AWS, `{namePrefix}-{description.name}`. */
  readonly name: string;
  readonly description: FunctionDescription;
  readonly bundle: FunctionBundle;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  /** The statements of the function's inline policy, as derived from its permissions. */
  readonly statements: readonly PolicyStatement[];
  readonly policy: IamRolePolicy;
  readonly lambda: LambdaFunction;

  constructor(scope: Construct, id: string, options: ChatFunctionOptions) {
    super(scope, id);
    const fn = options.description;
    this.description = fn;
    this.name = `${options.namePrefix}-${fn.name}`;
    const tags = { [FUNCTION_TAG]: fn.name, 'chat:service': options.service };

    this.bundle = bundleFunction(fn, options.bundle);
    const asset = new TerraformAsset(this, 'code', {
      path: this.bundle.zipPath,
      type: AssetType.FILE,
    });

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `/aws/lambda/${this.name}`,
      retentionInDays: options.logRetentionDays,
      tags,
    });

    const assumeRole = new DataAwsIamPolicyDocument(this, 'assume-role', {
      statement: [
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        },
      ],
    });
    this.role = new IamRole(this, 'role', {
      name: this.name,
      description: `Execution role of ${this.name}`,
      assumeRolePolicy: assumeRole.json,
      tags,
    });

    const webSocketApi = options.webSocketApi;
    this.statements = functionPolicyStatements(fn.permissions, {
      tableArn: options.table.arn,
      streamArn: options.table.streamArn,
      logGroupArn: this.logGroup.arn,
      ...(webSocketApi === undefined
        ? {}
        : { connectionsArn: (method) => webSocketApi.connectionsArn(method) }),
    });
    const document = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: this.statements.map((statement) => ({
        sid: statement.sid,
        effect: 'Allow',
        actions: [...statement.actions],
        resources: [...statement.resources],
      })),
    });
    this.policy = new IamRolePolicy(this, 'policy', {
      name: 'least-privilege',
      role: this.role.name,
      policy: document.json,
    });

    this.lambda = new LambdaFunction(this, 'function', {
      functionName: this.name,
      description: fn.description,
      role: this.role.arn,
      runtime: options.runtime ?? DEFAULT_RUNTIME,
      architectures: [options.architecture ?? 'arm64'],
      handler: this.bundle.handler,
      filename: asset.path,
      sourceCodeHash: this.bundle.sha256,
      memorySize: fn.memorySizeMb,
      timeout: fn.timeoutSeconds,
      environment: { variables: this.resolveEnvironment(options) },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      tags,
      // The policy must exist before the first invocation can write logs or read the table.
      dependsOn: [this.policy],
    });
  }

  /** ARN used by API Gateway integrations. */
  get invokeArn(): string {
    return this.lambda.invokeArn;
  }

  private resolveEnvironment(options: ChatFunctionOptions): Record<string, string> {
    const variables: Record<string, string> = {};
    for (const [key, source] of Object.entries(options.description.environment)) {
      switch (source.from) {
        case 'tableName':
          variables[key] = options.table.name;
          break;
        case 'connectionsEndpoint':
          if (options.webSocketApi === undefined) {
            throw new InfraError(
              'MISSING_WEBSOCKET_API',
              `Function "${options.description.name}" needs the connections endpoint but no WebSocket API was given`,
            );
          }
          variables[key] = options.webSocketApi.managementEndpoint;
          break;
        case 'value':
          variables[key] = source.value;
          break;
      }
    }
    return variables;
  }
}
