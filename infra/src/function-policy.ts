/**
 * Least-privilege IAM statements of a function, derived from its description's
 * `permissions` and nothing else. Pure data: the {@link ChatFunction} construct turns them
 * into an `aws_iam_policy_document`, and unit tests read them directly.
 */
import type { FunctionPermissions, TableAccess } from '@chat/domain';

/** One `Allow` statement. Resources may be Terraform tokens. */
export interface PolicyStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
}

/**
 * Item actions the `@chat/store` DynamoDB adapters use to read: point reads and queries.
 * Never `Scan`. Keep this list in step with the adapters: an adapter that starts using
 * `BatchGetItem` needs it added here.
 */
export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'] as const;

/**
 * Item actions added for `read-write`: what the adapters' `PutCommand`, `UpdateCommand`,
 * `DeleteCommand` and `TransactWriteCommand` need. Transactions have no IAM action of their
 * own; each of their `Put`s is authorized as `PutItem` (a `ConditionCheck` would need
 * `dynamodb:ConditionCheckItem`).
 */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:DeleteItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** The only action allowed on the table's indexes. */
export const INDEX_ACTIONS = ['dynamodb:Query'] as const;

/** What Lambda's event source mapping needs to read the table's stream. */
export const STREAM_READ_ACTIONS = [
  'dynamodb:DescribeStream',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:ListStreams',
] as const;

/** What the Lambda runtime needs to write the function's logs into its own log group. */
export const LOG_ACTIONS = ['logs:CreateLogStream', 'logs:PutLogEvents'] as const;

/** The Management API action behind `postToConnection`, `getConnection`, `deleteConnection`. */
export const MANAGE_CONNECTIONS_ACTION = 'execute-api:ManageConnections';

/** The resources a function's statements are scoped to. */
export interface PolicyResources {
  readonly tableArn: string;
  readonly streamArn: string;
  readonly logGroupArn: string;
  /** ARN of `@connections/*` for one Management API method; required when the function posts. */
  readonly connectionsArn?: (method: 'POST' | 'GET' | 'DELETE') => string;
}

/** Table actions granted for an access level. */
export function tableActions(access: TableAccess): readonly string[] {
  return access === 'read' ? TABLE_READ_ACTIONS : [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS];
}

/** The statements a function with these permissions needs, and no others. */
export function functionPolicyStatements(
  permissions: FunctionPermissions,
  resources: PolicyResources,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [
    { sid: 'WriteOwnLogs', actions: LOG_ACTIONS, resources: [`${resources.logGroupArn}:*`] },
  ];
  if (permissions.table !== undefined) {
    statements.push(
      {
        sid: 'TableItems',
        actions: tableActions(permissions.table),
        resources: [resources.tableArn],
      },
      { sid: 'TableIndexes', actions: INDEX_ACTIONS, resources: [`${resources.tableArn}/index/*`] },
    );
  }
  if (permissions.tableStream === true) {
    statements.push({
      sid: 'TableStream',
      actions: STREAM_READ_ACTIONS,
      resources: [resources.streamArn],
    });
  }
  const methods = [...new Set(permissions.manageConnections ?? [])].sort();
  if (methods.length > 0) {
    const connectionsArn = resources.connectionsArn;
    if (connectionsArn === undefined) {
      throw new TypeError('connectionsArn is required for a function that manages connections');
    }
    statements.push({
      sid: 'ManageConnections',
      actions: [MANAGE_CONNECTIONS_ACTION],
      resources: methods.map((method) => connectionsArn(method)),
    });
  }
  return statements;
}
