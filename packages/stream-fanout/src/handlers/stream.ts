/**
 * Lambda adapter of the fan-out: hands the stream batch to the use case and reports the
 * records to retry as `batchItemFailures` (the event source mapping has
 * `ReportBatchItemFailures` on).
 */
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { fanOut, logger } from '../composition-root.js';

export async function handler(
  event: DynamoDBStreamEvent,
  context?: Context,
): Promise<DynamoDBBatchResponse> {
  if (context !== undefined) logger.addContext(context);
  const { failedSequenceNumbers } = await fanOut.fanOutBatch(event.Records);
  return { batchItemFailures: failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
}
