import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../src/index.js';
import { invokeFixtureApp } from '../fixtures/apps.js';
import { startTestStack } from '../helpers/stack.js';
import { waitFor } from '../helpers/wait.js';

let stack: LocalStack;
let lambda: LambdaClient;
const decoder = new TextDecoder();

beforeAll(async () => {
  stack = await startTestStack({ apps: [invokeFixtureApp] });
  lambda = new LambdaClient({
    endpoint: stack.endpoints.lambda,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  lambda.destroy();
  await stack.stop();
});

describe('the Lambda Invoke API', () => {
  it('runs a function that has no trigger and returns its result', async () => {
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'fixture-echo', Payload: JSON.stringify({ n: 1 }) }),
    );
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBeUndefined();
    expect(JSON.parse(decoder.decode(result.Payload))).toEqual({ echo: { n: 1 } });
  });

  it('accepts the function ARN as the name', async () => {
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:fixture-echo';
    const result = await lambda.send(new InvokeCommand({ FunctionName: arn, Payload: '{}' }));
    expect(JSON.parse(decoder.decode(result.Payload))).toEqual({ echo: {} });
  });

  it('reports a handler error as an Unhandled function error, as Lambda does', async () => {
    const result = await lambda.send(
      new InvokeCommand({
        FunctionName: 'fixture-echo',
        Payload: JSON.stringify({ fail: 'nope' }),
      }),
    );
    expect(result.StatusCode).toBe(200);
    expect(result.FunctionError).toBe('Unhandled');
    expect(JSON.parse(decoder.decode(result.Payload))).toMatchObject({
      errorType: 'RangeError',
      errorMessage: 'nope',
    });
  });

  it('answers ResourceNotFoundException for an unknown function', async () => {
    await expect(
      lambda.send(new InvokeCommand({ FunctionName: 'no-such-function' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('accepts an asynchronous invocation with 202 and still runs it', async () => {
    stack.resetStats();
    const result = await lambda.send(
      new InvokeCommand({ FunctionName: 'fixture-echo', InvocationType: 'Event', Payload: '{}' }),
    );
    expect(result.StatusCode).toBe(202);
    await waitFor(
      'the asynchronous invocation',
      () => stack.stats.byRoute.Invoke?.invocations === 1,
    );
    expect(stack.stats.byFunction['fixture-echo']?.invocations).toBe(1);
  });
});
