#!/usr/bin/env node
/**
 * `pnpm start`: runs the local stack until Ctrl-C or SIGTERM, printing the endpoints, a
 * ready line, and one line per handler invocation.
 */
import { performance } from 'node:perf_hooks';
import { HELP, parseCliArgs } from './cli-options.js';
import { consoleLogger, type LocalStackLogger } from './logger.js';
import { startLocalStack, type LocalStack } from './start-local-stack.js';

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `\n  caused by: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * Stops the stack on SIGINT / SIGTERM. Ctrl-C reaches every process of the terminal's group,
 * so a wrapper (`pnpm start`) forwarding it makes the same signal arrive twice at once; only
 * a signal more than a second after the first forces an immediate exit.
 */
function stopOnSignals(stack: LocalStack): void {
  let firstAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (firstAt !== undefined) {
      if (Date.now() - firstAt < 1000) return;
      process.stderr.write(`${signal} again: exiting now.\n`);
      process.exit(1);
    }
    firstAt = Date.now();
    process.stdout.write(`\n${signal}: stopping the local stack…\n`);
    stack.stop().then(
      () => {
        process.stdout.write('Local stack stopped.\n');
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`Stopping failed: ${describe(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function main(): Promise<void> {
  const startedAt = performance.now();
  const request = parseCliArgs(process.argv.slice(2));
  if (request.kind === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const logger: LocalStackLogger = request.quiet
    ? { ...consoleLogger, info: () => undefined }
    : consoleLogger;
  const stack = await startLocalStack({ ...request.options, logger });
  stopOnSignals(stack);
  const { endpoints } = stack;
  const lines = [
    `WebSocket API     ${endpoints.websocket}`,
    `Management API    ${endpoints.connections}/@connections/{connectionId}`,
    `HTTP API          ${endpoints.http}`,
    `DynamoDB          ${endpoints.dynamodb} (table ${stack.tableName})`,
    `Lambda API        ${endpoints.lambda}`,
  ];
  const faults = request.options.faults;
  if (faults !== undefined)
    lines.push(`Faults            ${JSON.stringify({ ...faults, seed: stack.faultSeed })}`);
  lines.push(`Local stack ready in ${Math.round(performance.now() - startedAt)} ms`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`local-stack: ${describe(error)}\n`);
  process.exit(1);
});
