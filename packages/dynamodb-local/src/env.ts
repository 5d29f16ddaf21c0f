/**
 * The environment this package reads, in one place.
 */

/** `DYNAMODB_ENDPOINT`: an already running DynamoDB (Local) that tests use instead of starting one. */
export function sharedEndpointFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env.DYNAMODB_ENDPOINT?.trim();
  return value === undefined || value === '' ? undefined : value;
}
