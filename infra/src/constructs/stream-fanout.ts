/**
 * The fan-out's event source mapping on the table stream, with an SQS on-failure destination
 * and an alarm on that queue.
 */
import type { TableStreamTrigger } from '@chat/domain';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { LambdaEventSourceMapping } from '@cdktf/provider-aws/lib/lambda-event-source-mapping/index.js';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
import { Construct } from 'constructs';
import type { ChatFunction } from './chat-function.js';
import type { ChatTable } from './chat-table.js';

/** Action the Lambda service uses, with the function's role, to deliver a failure record. */
export const ON_FAILURE_ACTIONS = ['sqs:SendMessage'] as const;

/** Alarm on the on-failure queue: any visible message means records were dropped. */
export interface FailureAlarmOptions {
  /** Visible messages that trigger the alarm (default 1). */
  readonly threshold?: number;
  /** Length of one evaluation period (default 300 s). */
  readonly periodSeconds?: number;
  /** Periods that must breach before the alarm fires (default 1). */
  readonly evaluationPeriods?: number;
  /** Where to notify, e.g. an SNS topic ARN; without it the alarm only changes state. */
  readonly actions?: readonly string[];
}

/** Options of {@link StreamFanout}. */
export interface StreamFanoutOptions {
  readonly function: ChatFunction;
  readonly trigger: TableStreamTrigger;
  readonly table: ChatTable;
  readonly alarm?: FailureAlarmOptions;
}

/** Fourteen days: the longest SQS keeps a message, time to replay from the failure record. */
const FAILURE_RETENTION_SECONDS = 14 * 24 * 60 * 60;

/**
 * Connects a function to the table stream the way its `table-stream` trigger says: batch
 * size and window, partial batch responses, bisect on error, finite retries and record age,
 * parallelization, an event filter, and an SQS queue that receives what still fails.
 */
export class StreamFanout extends Construct {
  readonly function: ChatFunction;
  readonly failureQueue: SqsQueue;
  readonly failurePolicy: IamRolePolicy;
  readonly eventSourceMapping: LambdaEventSourceMapping;
  readonly alarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, options: StreamFanoutOptions) {
    super(scope, id);
    const { function: fn, trigger } = options;
    this.function = fn;

    this.failureQueue = new SqsQueue(this, 'failures', {
      name: `${fn.name}-failures`,
      messageRetentionSeconds: FAILURE_RETENTION_SECONDS,
      sqsManagedSseEnabled: true,
    });

    const document = new DataAwsIamPolicyDocument(this, 'failure-policy-document', {
      statement: [
        {
          sid: 'SendStreamFailures',
          effect: 'Allow',
          actions: [...ON_FAILURE_ACTIONS],
          resources: [this.failureQueue.arn],
        },
      ],
    });
    this.failurePolicy = new IamRolePolicy(this, 'failure-policy', {
      name: 'stream-failure-destination',
      role: fn.role.name,
      policy: document.json,
    });

    this.eventSourceMapping = new LambdaEventSourceMapping(this, 'mapping', {
      functionName: fn.lambda.arn,
      eventSourceArn: options.table.streamArn,
      startingPosition: trigger.startingPosition,
      batchSize: trigger.batchSize,
      maximumBatchingWindowInSeconds: trigger.maximumBatchingWindowSeconds,
      maximumRetryAttempts: trigger.maximumRetryAttempts,
      maximumRecordAgeInSeconds: trigger.maximumRecordAgeSeconds,
      bisectBatchOnFunctionError: trigger.bisectBatchOnFunctionError,
      parallelizationFactor: trigger.parallelizationFactor,
      functionResponseTypes: trigger.reportBatchItemFailures ? ['ReportBatchItemFailures'] : [],
      ...(trigger.filterPatterns.length === 0
        ? {}
        : {
            filterCriteria: {
              filter: trigger.filterPatterns.map((pattern) => ({
                pattern: JSON.stringify(pattern),
              })),
            },
          }),
      destinationConfig: { onFailure: { destinationArn: this.failureQueue.arn } },
      // Lambda checks the role when the mapping is created: the stream and queue grants first.
      dependsOn: [fn.policy, this.failurePolicy],
    });

    const alarm = options.alarm ?? {};
    const actions = [...(alarm.actions ?? [])];
    this.alarm = new CloudwatchMetricAlarm(this, 'failures-alarm', {
      alarmName: `${fn.name}-stream-failures`,
      alarmDescription: `Stream records that ${fn.name} could not process after every retry. Each message names a shard and sequence range to replay.`,
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: this.failureQueue.name },
      statistic: 'Maximum',
      period: alarm.periodSeconds ?? 300,
      evaluationPeriods: alarm.evaluationPeriods ?? 1,
      threshold: alarm.threshold ?? 1,
      comparisonOperator: 'GreaterThanOrEqualToThreshold',
      treatMissingData: 'notBreaching',
      alarmActions: actions,
      okActions: actions,
    });
  }
}
