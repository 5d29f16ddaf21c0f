/**
 * Client settings for talking to DynamoDB Local. It accepts any credentials; with
 * `-sharedDb` it ignores them and the region, but the SDK still wants both.
 */
import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/** Region used for local clients, and the one that appears in local stream ARNs. */
export const LOCAL_REGION = 'us-east-1';

/** A `DynamoDBClientConfig` for DynamoDB Local at `endpoint`, with dummy credentials. */
export function localClientConfig(endpoint: string): DynamoDBClientConfig {
  return {
    endpoint,
    region: LOCAL_REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
}
