import {
  fromItem,
  fromMessageItem,
  IDEMPOTENCY_TTL_SECONDS,
  ItemType,
  KeyPrefix,
  MessageDeletedError,
  messageKey,
  MessageNotFoundError,
  NotAuthorError,
  roomPartition,
  TableAttribute,
  toClientMessageIdItem,
  toMessageItem,
  type Message,
} from '@chat/domain';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { IdempotencyRecordError, MessageIdConflictError, StoreError } from '../errors.js';
import { assertEditedAt, encodeChecked, toStoredItem, type StoredItem } from '../items.js';
import { assertPageLimit } from '../order.js';
import type {
  CreateMessageResult,
  MessageDeletion,
  MessageEdit,
  MessagePage,
  MessageStore,
} from '../ports.js';
import { fromAttributeMap } from './attribute-values.js';
import { cancellationReasons, conditionFailure } from './errors.js';
import { resolveTable, type DynamoStoreOptions } from './table-client.js';

const { partitionKey: PK, sortKey: SK } = TableAttribute;

/** Attempts of a send whose transaction collides with a concurrent one on the same keys. */
const CREATE_ATTEMPTS = 8;

/** The condition every edit and delete writes under: the message the caller authorized against. */
const CHANGEABLE = 'attribute_exists(#pk) AND #authorId = :authorId AND #deleted = :false';

/**
 * `MessageStore` over the chat table. A retried send is idempotent through a
 * `clientMessageId` record written in the same transaction as the message; edits and
 * deletes are conditional writes; history is one Query per page, newest first.
 */
export class DynamoMessageStore implements MessageStore {
  readonly #tableName: string;
  readonly #client: DynamoDBDocumentClient;

  public constructor(options: DynamoStoreOptions) {
    const { tableName, client } = resolveTable(options);
    this.#tableName = tableName;
    this.#client = client;
  }

  public async createMessage(message: Message): Promise<CreateMessageResult> {
    const { item, value } = encodeChecked(message, toMessageItem, fromMessageItem);
    const { clientMessageId } = message;
    if (clientMessageId === undefined) {
      try {
        await this.#client.send(
          new PutCommand({
            TableName: this.#tableName,
            Item: item,
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': PK },
          }),
        );
      } catch (error: unknown) {
        if (conditionFailure(error) === undefined) throw error;
        throw new MessageIdConflictError(message.roomId, message.id, { cause: error });
      }
      return { message: value, duplicate: false };
    }
    const expiresAt = Math.floor(Date.parse(message.createdAt) / 1000) + IDEMPOTENCY_TTL_SECONDS;
    const record = toStoredItem(
      toClientMessageIdItem(message.roomId, clientMessageId, message.id, expiresAt),
    );
    for (let attempt = 1; ; attempt += 1) {
      const outcome = await this.#createOnce(item, record);
      if (outcome.kind === 'created') return { message: value, duplicate: false };
      if (outcome.kind === 'duplicate') {
        const first = await this.getMessage(message.roomId, outcome.messageId);
        if (first !== undefined) return { message: first, duplicate: true };
      }
      if (outcome.kind === 'id-taken') {
        throw new MessageIdConflictError(message.roomId, message.id, { cause: outcome.error });
      }
      if (attempt >= CREATE_ATTEMPTS) {
        throw new IdempotencyRecordError(message.roomId, clientMessageId, {
          cause: outcome.kind === 'conflict' ? outcome.error : undefined,
        });
      }
      // Jittered backoff, so racing sends stop colliding.
      await sleep(Math.min(1_000, 10 * 2 ** attempt) * Math.random());
    }
  }

  public async getMessage(roomId: string, messageId: string): Promise<Message | undefined> {
    const { Item: item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: messageKey(roomId, messageId),
        ConsistentRead: true,
      }),
    );
    return item === undefined ? undefined : fromMessageItem(item);
  }

  public async editMessage(input: MessageEdit): Promise<Message> {
    assertEditedAt(input.editedAt);
    const result = await this.#change(input, {
      UpdateExpression: 'SET #text = :text, #editedAt = :editedAt',
      ExpressionAttributeNames: { '#text': 'text', '#editedAt': 'editedAt' },
      ExpressionAttributeValues: { ':text': input.text, ':editedAt': input.editedAt },
    });
    if (result.deleted) throw new MessageDeletedError(input.messageId);
    return result.message;
  }

  public async deleteMessage(input: MessageDeletion): Promise<Message> {
    assertEditedAt(input.deletedAt);
    const result = await this.#change(input, {
      UpdateExpression: 'SET #text = :empty, #editedAt = :deletedAt, #deleted = :true',
      ExpressionAttributeNames: { '#text': 'text', '#editedAt': 'editedAt' },
      ExpressionAttributeValues: { ':empty': '', ':deletedAt': input.deletedAt, ':true': true },
    });
    // A tombstone is deleted again by doing nothing: same answer, no write, no stream record.
    return result.message;
  }

  public async listMessages(
    roomId: string,
    options: { limit: number; before?: string },
  ): Promise<MessagePage> {
    assertPageLimit(options.limit);
    const { before } = options;
    const beforeKey = before === undefined ? undefined : messageKey(roomId, before).sk;
    // One more than the page tells whether an older page exists; BETWEEN includes `before`.
    const wanted = options.limit + 1 + (beforeKey === undefined ? 0 : 1);
    const input: QueryCommandInput = {
      TableName: this.#tableName,
      KeyConditionExpression:
        beforeKey === undefined
          ? '#pk = :pk AND begins_with(#sk, :message)'
          : '#pk = :pk AND #sk BETWEEN :message AND :before',
      ExpressionAttributeNames: { '#pk': PK, '#sk': SK },
      ExpressionAttributeValues: {
        ':pk': roomPartition(roomId),
        ':message': KeyPrefix.message,
        ...(beforeKey === undefined ? {} : { ':before': beforeKey }),
      },
      ScanIndexForward: false,
      ConsistentRead: true,
    };
    const older: Message[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.#client.send(
        new QueryCommand({
          ...input,
          Limit: wanted - older.length,
          ...(startKey === undefined ? {} : { ExclusiveStartKey: startKey }),
        }),
      );
      for (const item of page.Items ?? []) {
        if (item[SK] !== beforeKey) older.push(fromMessageItem(item));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && older.length < options.limit + 1);
    const messages = older.slice(0, options.limit);
    const last = messages.at(-1);
    return older.length > options.limit && last !== undefined
      ? { messages, nextBefore: last.id }
      : { messages };
  }

  /** Writes the message and its `clientMessageId` record in one transaction. */
  async #createOnce(
    item: StoredItem,
    record: StoredItem,
  ): Promise<
    | { kind: 'created' }
    | { kind: 'duplicate'; messageId: string }
    | { kind: 'id-taken'; error: unknown }
    | { kind: 'conflict'; error: unknown }
  > {
    try {
      await this.#client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#tableName,
                Item: item,
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': PK },
              },
            },
            {
              Put: {
                TableName: this.#tableName,
                Item: record,
                ConditionExpression: 'attribute_not_exists(#pk)',
                ExpressionAttributeNames: { '#pk': PK },
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      );
      return { kind: 'created' };
    } catch (error: unknown) {
      const reasons = cancellationReasons(error);
      if (reasons === undefined) throw error;
      const [messageReason, recordReason] = reasons;
      if (recordReason?.Code === 'ConditionalCheckFailed') {
        const stored =
          recordReason.Item === undefined
            ? await this.#readRecord(record)
            : fromAttributeMap(recordReason.Item);
        const decoded = stored === undefined ? undefined : fromItem(stored);
        return decoded?.type === ItemType.clientMessageId
          ? { kind: 'duplicate', messageId: decoded.value.messageId }
          : { kind: 'conflict', error };
      }
      if (messageReason?.Code === 'ConditionalCheckFailed') return { kind: 'id-taken', error };
      const collided = reasons.some((reason) => reason.Code === 'TransactionConflict');
      if (collided) return { kind: 'conflict', error };
      throw error;
    }
  }

  async #readRecord(record: StoredItem): Promise<StoredItem | undefined> {
    const { Item: item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { [PK]: record[PK], [SK]: record[SK] },
        ConsistentRead: true,
      }),
    );
    return item;
  }

  /**
   * Applies an edit or a delete under `CHANGEABLE`. When the condition fails, the item as
   * it was tells which domain error applies; a tombstone comes back with `deleted: true`.
   */
  async #change(
    input: { roomId: string; messageId: string; authorId: string },
    update: {
      UpdateExpression: string;
      ExpressionAttributeNames: Record<string, string>;
      ExpressionAttributeValues: Record<string, unknown>;
    },
  ): Promise<{ message: Message; deleted: boolean }> {
    try {
      const { Attributes: item } = await this.#client.send(
        new UpdateCommand({
          TableName: this.#tableName,
          Key: messageKey(input.roomId, input.messageId),
          UpdateExpression: update.UpdateExpression,
          ConditionExpression: CHANGEABLE,
          ExpressionAttributeNames: {
            ...update.ExpressionAttributeNames,
            '#pk': PK,
            '#authorId': 'authorId',
            '#deleted': 'deleted',
          },
          ExpressionAttributeValues: {
            ...update.ExpressionAttributeValues,
            ':authorId': input.authorId,
            ':false': false,
          },
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { message: fromMessageItem(item ?? {}), deleted: false };
    } catch (error: unknown) {
      const failure = conditionFailure(error);
      if (failure === undefined) throw error;
      if (failure.item === undefined) throw new MessageNotFoundError(input.roomId, input.messageId);
      const stored = fromMessageItem(fromAttributeMap(failure.item));
      if (stored.authorId !== input.authorId) throw new NotAuthorError();
      if (stored.deleted) return { message: stored, deleted: true };
      throw new StoreError(
        `Message "${input.messageId}" failed its write condition but looks changeable.`,
        { cause: error },
      );
    }
  }
}
