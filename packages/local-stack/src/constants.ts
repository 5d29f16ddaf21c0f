/**
 * Defaults of the local stack. The ports, stage and limits match the architecture's fixed
 * local endpoints and API Gateway's quotas.
 */
import { IDLE_TIMEOUT_SECONDS, MAX_CONNECTION_SECONDS } from '@chat/domain';

/** Default values of {@link LocalStackOptions}. */
export const LocalStackDefaults = {
  websocketPort: 3001,
  httpPort: 3000,
  dynamodbPort: 8000,
  lambdaPort: 3002,
  host: '127.0.0.1',
  stage: 'local',
  region: 'us-east-1',
  pollIntervalMs: 250,
  idleTimeoutSeconds: IDLE_TIMEOUT_SECONDS,
  maxConnectionSeconds: MAX_CONNECTION_SECONDS,
} as const;

/** The account id that appears in ARNs and request contexts (AWS's documentation account). */
export const LOCAL_ACCOUNT_ID = '123456789012';

/** Credentials the stack and the handlers use against DynamoDB Local (which accepts any). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/**
 * The variable the handlers' composition roots read to reach DynamoDB Local instead of AWS.
 * Agreed with the services.
 */
export const DYNAMODB_ENDPOINT_VARIABLE = 'DYNAMODB_ENDPOINT';

/** WebSocket close codes and reasons API Gateway uses. */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  unsupportedData: 1003,
  noStatus: 1005,
  abnormal: 1006,
  messageTooBig: 1009,
} as const;
