/**
 * @module @chat/dynamodb-local
 *
 * Runs AWS's DynamoDB Local (the jar shipped in `amplify-dynamodb-simulator`, Java 11+) for
 * tests and the local stack, and creates the chat table from the domain's definition.
 * Test helpers live in `@chat/dynamodb-local/testing`, the Vitest global setup in
 * `@chat/dynamodb-local/vitest-setup`.
 */
export { LOCAL_REGION, localClientConfig } from './client-config.js';
export {
  DynamoDbLocalError,
  DynamoDbLocalStartError,
  JavaRequiredError,
  TableSetupError,
} from './errors.js';
export {
  DEFAULT_JVM_OPTIONS,
  startDynamoDbLocal,
  type DynamoDbLocal,
  type DynamoDbLocalOptions,
} from './start.js';
export { createChatTable } from './table.js';
