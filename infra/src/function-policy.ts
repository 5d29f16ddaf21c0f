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
 * Item actions the store adapters use to read: point reads (also the Get of a
 * transaction), queries, and the condition checks of `TransactWriteItems`. Never `Scan`.
 * Transactions have no IAM action of their own; they are governed by these.
 */
export const TABLE_READ_ACTIONS = [
  'dynamodb:BatchGetItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:GetItem',
  'dynamodb:Query',
] as const;

/** Item actions added for `read-write`: single writes, batch deletes, transactional puts. */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:BatchWriteItem',
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
