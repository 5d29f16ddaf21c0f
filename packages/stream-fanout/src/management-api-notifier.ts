/**
 * The `Notifier` over API Gateway's Management API (`POST @connections/{id}`), with
 * keep-alive sockets, a per-request timeout, and bounded retries of throttled posts.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
  type ApiGatewayManagementApiClientConfig,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { MAX_MESSAGE_BYTES } from '@chat/domain';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { PostStatus, type Notifier, type PostResult } from './notifier.js';

/** Settings of the Management API client `createManagementApiClient` builds. */
export interface ManagementApiClientConfig {
  /**
   * The API's `@connections` base: `https://{api}.execute-api.{region}.amazonaws.com/{stage}`
   * on AWS, `http://127.0.0.1:3001/local` on the local stack.
   */
  readonly endpoint: string;
  readonly region: string;
  /** Sockets kept open to the endpoint; match the fan-out's post concurrency. Default 32. */
  readonly maxSockets?: number;
  /** How long one post may take until the answer's headers arrive. Default 3000 ms. */
  readonly requestTimeoutMs?: number;
  /** How long opening a socket may take. Default 1000 ms. */
  readonly connectionTimeoutMs?: number;
  /** Credentials; by default the SDK's provider chain (the Lambda role on AWS). */
  readonly credentials?: ApiGatewayManagementApiClientConfig['credentials'];
}

/**
 * A Management API client for posting to connections: keep-alive agent for the endpoint's
 * protocol with `maxSockets` sockets, a connection and a request timeout that fail the
 * post, and the SDK's own retries off (`maxAttempts: 1`) so that `ManagementApiNotifier`
 * alone decides what is retried and how often.
 */
export function createManagementApiClient(
  config: ManagementApiClientConfig,
): ApiGatewayManagementApiClient {
  const agentOptions = { keepAlive: true, maxSockets: config.maxSockets ?? 32 };
  const agents =
    new URL(config.endpoint).protocol === 'http:'
      ? { httpAgent: new HttpAgent(agentOptions) }
      : { httpsAgent: new HttpsAgent(agentOptions) };
  return new ApiGatewayManagementApiClient({
    endpoint: config.endpoint,
    region: config.region,
    maxAttempts: 1,
    // The stack never changes after construction; resolving it once instead of on every
    // post halves the SDK's CPU per post, which is what bounds a large room's fan-out.
    cacheMiddleware: true,
    requestHandler: new NodeHttpHandler({
      ...agents,
      connectionTimeout: config.connectionTimeoutMs ?? 1000,
      requestTimeout: config.requestTimeoutMs ?? 3000,
      // Without it a request past `requestTimeout` only logs a warning and keeps waiting.
      throwOnRequestTimeout: true,
    }),
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
  });
}

/** Options of `ManagementApiNotifier`. */
export interface ManagementApiNotifierOptions {
  /** A client from `createManagementApiClient` (or one configured like it). */
  readonly client: ApiGatewayManagementApiClient;
  /** Retries after a throttling answer (429) before the post counts as failed. Default 3. */
  readonly throttleRetries?: number;
  /** Backoff before retry n (from 0) is random in [0, min(max, base · 2ⁿ)). Default 50 ms. */
  readonly backoffBaseMs?: number;
  /** Upper bound of one backoff. Default 1000 ms. */
  readonly backoffMaxMs?: number;
}

const THROTTLING_ERRORS = new Set([
  'LimitExceededException',
  'ThrottlingException',
  'TooManyRequestsException',
]);

/**
 * Posts data to connections with `PostToConnectionCommand`. Never throws; each post ends
 * as one `PostResult`:
 *
 * - 2xx → `delivered`;
 * - `GoneException` (by name, or HTTP 410) → `gone`;
 * - `PayloadTooLargeException` (by name, or HTTP 413), or data over 128 KB → `too-large`;
 * - throttling (`LimitExceededException`, `ThrottlingException`, HTTP 429) → retried with
 *   exponential backoff and full jitter, `throttleRetries` times at most, then `failed`;
 * - anything else (timeouts, 5xx, 403) → `failed` at once.
 */
export class ManagementApiNotifier implements Notifier {
  readonly #client: ApiGatewayManagementApiClient;
  readonly #throttleRetries: number;
  readonly #backoffBaseMs: number;
  readonly #backoffMaxMs: number;
  readonly #encoder = new TextEncoder();

  public constructor(options: ManagementApiNotifierOptions) {
    this.#client = options.client;
    this.#throttleRetries = options.throttleRetries ?? 3;
    this.#backoffBaseMs = options.backoffBaseMs ?? 50;
    this.#backoffMaxMs = options.backoffMaxMs ?? 1000;
  }

  public async post(connectionId: string, data: string): Promise<PostResult> {
    const bytes = this.#encoder.encode(data);
    if (bytes.byteLength > MAX_MESSAGE_BYTES) {
      return {
        status: PostStatus.tooLarge,
        attempts: 0,
        reason: `${bytes.byteLength} bytes is over the ${MAX_MESSAGE_BYTES}-byte message limit`,
      };
    }
    const command = new PostToConnectionCommand({ ConnectionId: connectionId, Data: bytes });
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.#client.send(command);
        return { status: PostStatus.delivered, attempts: attempt };
      } catch (error) {
        const { name, status } = describe(error);
        const reason = status === undefined ? name : `${name} (HTTP ${status})`;
        if (name === 'GoneException' || status === 410) {
          return { status: PostStatus.gone, attempts: attempt };
        }
        if (name === 'PayloadTooLargeException' || status === 413) {
          return { status: PostStatus.tooLarge, attempts: attempt, reason };
        }
        const throttled = THROTTLING_ERRORS.has(name) || status === 429;
        if (!throttled || attempt > this.#throttleRetries) {
          const message =
            error instanceof Error && error.message !== '' ? `: ${error.message}` : '';
          return { status: PostStatus.failed, attempts: attempt, reason: `${reason}${message}` };
        }
        await sleep(this.#backoff(attempt - 1));
      }
    }
  }

  #backoff(retry: number): number {
    return Math.random() * Math.min(this.#backoffMaxMs, this.#backoffBaseMs * 2 ** retry);
  }
}

/** The SDK v3 error's name and HTTP status; v3 errors carry no `statusCode`. */
function describe(error: unknown): { name: string; status: number | undefined } {
  if (typeof error !== 'object' || error === null)
    return { name: String(error), status: undefined };
  const { name, $metadata } = error as { name?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const status = $metadata?.httpStatusCode;
  return {
    name: typeof name === 'string' ? name : 'Error',
    status: typeof status === 'number' ? status : undefined,
  };
}
