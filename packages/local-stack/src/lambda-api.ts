/**
 * Lambda's Invoke API (`POST /2015-03-31/functions/{FunctionName}/invocations`), so a
 * handler that invokes another function with `@aws-sdk/client-lambda` works locally: the
 * stack points the SDK at it through `AWS_ENDPOINT_URL_LAMBDA`. It serves every function of
 * the app descriptions, with or without triggers, and counts each call in the stats under
 * the route `Invoke`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newOpaqueId } from './aws-format.js';
import { readBody } from './connections-api.js';
import type { LambdaRuntime } from './lambda-runtime.js';
import type { LocalStackLogger } from './logger.js';

/** Route key under which Invoke API calls are counted. */
export const INVOKE_ROUTE = 'Invoke';

/** Lambda's synchronous invocation payload limit. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

export interface LambdaApiOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: LocalStackLogger;
}

interface Answer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

function errorAnswer(status: number, type: string, message: string): Answer {
  return {
    status,
    headers: { 'x-amzn-errortype': type },
    body: JSON.stringify({ Type: 'User', message }),
  };
}

/** The function name of a path segment: a name, a partial or a full ARN, maybe with a qualifier. */
export function functionNameOf(segment: string): string {
  const decoded = decodeURIComponent(segment);
  const parts = decoded.split(':');
  if (decoded.startsWith('arn:')) return parts[6] ?? '';
  // `name:qualifier` or `account:function:name`.
  return parts.length === 3 ? (parts[2] ?? '') : (parts[0] ?? '');
}

/** The local Lambda Invoke API. */
export class LambdaApi {
  readonly #server: Server;
  #runtime: LambdaRuntime | undefined;

  private constructor(options: LambdaApiOptions) {
    this.#server = createServer((request, response) => {
      this.#handle(request)
        .catch((error: unknown): Answer => {
          options.logger.error(
            `Lambda API: ${error instanceof Error ? error.message : String(error)}`,
          );
          return errorAnswer(500, 'ServiceException', 'Internal error.');
        })
        .then(
          (answer) => {
            send(response, answer);
          },
          () => undefined,
        );
    });
  }

  static async listen(options: LambdaApiOptions): Promise<LambdaApi> {
    const api = new LambdaApi(options);
    await new Promise<void>((resolve, reject) => {
      api.#server.once('error', reject);
      api.#server.listen(options.port, options.host, () => {
        api.#server.off('error', reject);
        resolve();
      });
    });
    return api;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  attach(runtime: LambdaRuntime): void {
    this.#runtime = runtime;
  }

  async #handle(request: IncomingMessage): Promise<Answer> {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const match = INVOKE_PATH.exec(path);
    const payload = await readBody(request, MAX_PAYLOAD_BYTES);
    if (request.method !== 'POST' || match === null) {
      return errorAnswer(404, 'UnknownOperationException', 'Unknown operation.');
    }
    if (payload === undefined) {
      return errorAnswer(413, 'RequestTooLargeException', 'Request must be smaller than 6 MB.');
    }
    const runtime = this.#runtime;
    if (runtime === undefined) return errorAnswer(503, 'ServiceException', 'Not ready.');
    const functionName = functionNameOf(match[1] ?? '');
    if (runtime.describe(functionName) === undefined) {
      return errorAnswer(
        404,
        'ResourceNotFoundException',
        `Function not found: ${runtime.arnOf(functionName) || functionName}`,
      );
    }
    let event: unknown = {};
    if (payload.length > 0) {
      try {
        event = JSON.parse(payload.toString('utf8'));
      } catch {
        return errorAnswer(
          400,
          'InvalidRequestContentException',
          'Could not parse request body into json.',
        );
      }
    }
    const invocationType = String(request.headers['x-amz-invocation-type'] ?? 'RequestResponse');
    if (invocationType === 'DryRun') return { status: 204 };
    const invocation = runtime.invoke(functionName, event, {
      route: INVOKE_ROUTE,
      statusOf: (outcome) => (outcome.ok ? 200 : 500),
    });
    const requestId = newOpaqueId();
    if (invocationType === 'Event') {
      void invocation;
      return { status: 202, headers: { 'x-amzn-requestid': requestId } };
    }
    const outcome = await invocation;
    if (!outcome.ok) {
      return {
        status: 200,
        headers: { 'x-amz-function-error': 'Unhandled', 'x-amzn-requestid': outcome.requestId },
        body: JSON.stringify({
          errorType: outcome.error.name,
          errorMessage: outcome.error.message,
          trace: (outcome.error.stack ?? '').split('\n'),
        }),
      };
    }
    return {
      status: 200,
      headers: { 'x-amz-executed-version': '$LATEST', 'x-amzn-requestid': outcome.requestId },
      body: outcome.value === undefined ? 'null' : JSON.stringify(outcome.value),
    };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => {
        resolve();
      });
      this.#server.closeAllConnections();
    });
  }
}

function send(response: ServerResponse, answer: Answer): void {
  response.writeHead(answer.status, {
    'content-type': 'application/json',
    ...answer.headers,
  });
  response.end(answer.body ?? '');
}
