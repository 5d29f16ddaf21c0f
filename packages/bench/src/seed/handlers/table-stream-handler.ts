/**
 * BASELINE ONLY: the seed's `chatTableStreamHandler`, ported onto our table and protocol.
 * For an inserted message it invokes `getConnected`, then invokes the post function once per
 * recipient and waits for all of them, as the article does. Edits, deletes and presence
 * are not fanned out (the article has none).
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { fromItem, ItemType, serializeEvent } from '@chat/domain';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { SeedFunction } from '../seed-app.js';

const lambda = new LambdaClient({});
const decoder = new TextDecoder();

async function invoke<T>(functionName: string, payload: unknown): Promise<T | undefined> {
  const result = await lambda.send(
    new InvokeCommand({ FunctionName: functionName, Payload: JSON.stringify(payload) }),
  );
  if (result.Payload === undefined || result.Payload.length === 0) return undefined;
  return JSON.parse(decoder.decode(result.Payload)) as T;
}

export async function handler(event: DynamoDBStreamEvent): Promise<void> {
  for (const record of event.Records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || image === undefined) continue;
    const decoded = fromItem(unmarshall(image as Parameters<typeof unmarshall>[0]));
    if (decoded.type !== ItemType.message) continue;
    const data = serializeEvent({ type: 'message.created', message: decoded.value });
    const connected = await invoke<{ connectionIds: string[] }>(SeedFunction.getConnected, {
      roomId: decoded.value.roomId,
    });
    await Promise.all(
      (connected?.connectionIds ?? []).map((connectionId) =>
        invoke(SeedFunction.post, { connectionId, data }),
      ),
    );
  }
}
