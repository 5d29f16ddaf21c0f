/**
 * Lambda's DynamoDB event source mapping, locally: reads the table's stream through the
 * DynamoDB Streams API, follows shard lineage, and invokes the stream functions with batches
 * in Lambda's format, honouring each trigger's batch size, batching window, filter patterns,
 * `ReportBatchItemFailures`, bisection on error, retry and record-age limits, and the
 * on-failure destination. Records of one shard are delivered in order, one batch at a time.
 */
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type { TableStreamTrigger } from '@chat/domain';
import { ConfigurationError } from './errors.js';
import { matchesAnyPattern } from './event-filter.js';
import type { FaultInjector } from './faults.js';
import type { InvocationOutcome, LambdaRuntime } from './lambda-runtime.js';
import type { LocalStackLogger } from './logger.js';
import type { OnFailureCondition, OnFailureLog } from './on-failure-log.js';
import { shardsBeforeLatest, shardsToStart, type ShardInfo } from './shard-lineage.js';
import type { LocalStackStats } from './stats.js';
import {
  toLambdaRecord,
  type LambdaStreamEvent,
  type LambdaStreamRecord,
} from './stream-records.js';

/** One stream function and its trigger settings (an event source mapping). */
export interface StreamMapping {
  readonly functionName: string;
  readonly trigger: TableStreamTrigger;
}

/** Settings of a {@link StreamPoller}. */
export interface StreamPollerOptions {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly tableName: string;
  readonly mappings: readonly StreamMapping[];
  readonly runtime: LambdaRuntime;
  /** Pause between GetRecords calls on a shard with nothing new (Lambda: 250 ms). */
  readonly pollIntervalMs: number;
  /** Pause between DescribeStream calls looking for new shards. */
  readonly discoveryIntervalMs?: number;
  readonly faults: FaultInjector;
  readonly onFailure: OnFailureLog;
  readonly stats: LocalStackStats;
  readonly logger: LocalStackLogger;
}

/** The route name stream invocations are counted and logged under. */
export const STREAM_ROUTE = 'table-stream';

/** GetRecords' maximum page. */
const GET_RECORDS_LIMIT = 1000;

interface BufferedRecord {
  readonly record: LambdaStreamRecord;
  /** When the poller read it: the age limit counts from here, since DynamoDB Local rounds
   * `ApproximateCreationDateTime` down to the minute. */
  readonly readAt: number;
}

/** A batch waiting to be (re)delivered. */
interface PendingBatch {
  readonly records: readonly BufferedRecord[];
  /** Failed invocations of these records so far. */
  readonly attempts: number;
  /** Invocations that included them (duplicates excluded), for the on-failure record. */
  readonly invocations: number;
}

type BatchResult =
  | { readonly kind: 'ok' }
  | { readonly kind: 'partial'; readonly failedIndex: number; readonly requestId: string }
  | { readonly kind: 'error'; readonly functionError: boolean; readonly requestId: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a batch's outcome as Lambda does: with `ReportBatchItemFailures`, an empty or absent
 * list is success, ids that are missing or not in the batch make the whole batch fail, and
 * otherwise the lowest failed record is where the retry starts.
 */
export function classifyBatchOutcome(
  outcome: InvocationOutcome,
  records: readonly LambdaStreamRecord[],
  reportBatchItemFailures: boolean,
): BatchResult {
  if (!outcome.ok) return { kind: 'error', functionError: true, requestId: outcome.requestId };
  if (!reportBatchItemFailures || !isRecord(outcome.value)) return { kind: 'ok' };
  const failures = outcome.value.batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'ok' };
  const invalid = { kind: 'error', functionError: false, requestId: outcome.requestId } as const;
  if (!Array.isArray(failures)) return invalid;
  if (failures.length === 0) return { kind: 'ok' };
  let lowest = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id: unknown = isRecord(failure) ? failure.itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '') return invalid;
    const index = records.findIndex((record) => record.dynamodb.SequenceNumber === id);
    if (index === -1) return invalid;
    lowest = Math.min(lowest, index);
  }
  return { kind: 'partial', failedIndex: lowest, requestId: outcome.requestId };
}

function errorName(error: unknown): string {
  return isRecord(error) && typeof error.name === 'string' ? error.name : '';
}

/** The stream poller: one event source mapping per stream function. */
export class StreamPoller {
  readonly #options: StreamPollerOptions;
  readonly #client: DynamoDBStreamsClient;
  readonly #mappings: EventSourceMapping[] = [];
  readonly #streamArn: string;

  private constructor(
    options: StreamPollerOptions,
    client: DynamoDBStreamsClient,
    streamArn: string,
  ) {
    this.#options = options;
    this.#client = client;
    this.#streamArn = streamArn;
  }

  /**
   * Finds the table's stream and positions every mapping (for `LATEST`, at the stream's tip
   * now, so records written once this resolves are delivered), then starts polling.
   */
  static async start(options: StreamPollerOptions): Promise<StreamPoller> {
    const clientConfig = {
      endpoint: options.endpoint,
      region: options.region,
      credentials: options.credentials,
    };
    const tables = new DynamoDBClient(clientConfig);
    let streamArn: string | undefined;
    try {
      const table = await tables.send(new DescribeTableCommand({ TableName: options.tableName }));
      streamArn = table.Table?.LatestStreamArn;
    } finally {
      tables.destroy();
    }
    if (streamArn === undefined) {
      throw new ConfigurationError(`Table ${options.tableName} has no stream.`);
    }
    const poller = new StreamPoller(options, new DynamoDBStreamsClient(clientConfig), streamArn);
    for (const mapping of options.mappings) {
      if (mapping.trigger.parallelizationFactor !== 1) {
        options.logger.warn(
          `${mapping.functionName}: parallelizationFactor ${mapping.trigger.parallelizationFactor} ` +
            'runs as 1 locally (one batch per shard at a time).',
        );
      }
      poller.#mappings.push(
        new EventSourceMapping(mapping, poller.#options, poller.#client, streamArn),
      );
    }
    try {
      const shards = await poller.#mappings[0]?.describeShards();
      for (const mapping of poller.#mappings) await mapping.position(shards ?? []);
    } catch (error) {
      await poller.stop();
      throw error;
    }
    for (const mapping of poller.#mappings) mapping.run();
    return poller;
  }

  /** The ARN of the stream being read. */
  get streamArn(): string {
    return this.#streamArn;
  }

  /** Stops polling; waits for the batches being delivered to finish. */
  async stop(): Promise<void> {
    await Promise.all(this.#mappings.map((mapping) => mapping.stop()));
    this.#client.destroy();
  }
}

/** One stream function's view of the stream. */
class EventSourceMapping {
  readonly #mapping: StreamMapping;
  readonly #options: StreamPollerOptions;
  readonly #client: DynamoDBStreamsClient;
  readonly #streamArn: string;
  readonly #readers = new Map<string, ShardReader>();
  readonly #finished = new Set<string>();
  readonly #loops = new Set<Promise<void>>();
  readonly #wakers = new Set<() => void>();
  #stopped = false;
  #discoverNow = false;

  constructor(
    mapping: StreamMapping,
    options: StreamPollerOptions,
    client: DynamoDBStreamsClient,
    streamArn: string,
  ) {
    this.#mapping = mapping;
    this.#options = options;
    this.#client = client;
    this.#streamArn = streamArn;
  }

  /** Whether `stop()` was called (a method, so each read sees the current value). */
  isStopped(): boolean {
    return this.#stopped;
  }

  get mapping(): StreamMapping {
    return this.#mapping;
  }

  get options(): StreamPollerOptions {
    return this.#options;
  }

  get client(): DynamoDBStreamsClient {
    return this.#client;
  }

  get streamArn(): string {
    return this.#streamArn;
  }

  /** Every shard of the stream (DescribeStream, all pages). */
  async describeShards(): Promise<ShardInfo[]> {
    const shards: ShardInfo[] = [];
    let exclusiveStartShardId: string | undefined;
    do {
      const page = await this.#client.send(
        new DescribeStreamCommand({
          StreamArn: this.#streamArn,
          ...(exclusiveStartShardId === undefined
            ? {}
            : { ExclusiveStartShardId: exclusiveStartShardId }),
        }),
      );
      for (const shard of page.StreamDescription?.Shards ?? []) {
        if (shard.ShardId === undefined) continue;
        shards.push({
          shardId: shard.ShardId,
          ...(shard.ParentShardId === undefined ? {} : { parentShardId: shard.ParentShardId }),
          closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
        });
      }
      exclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (exclusiveStartShardId !== undefined);
    return shards;
  }

  /** Takes the first iterators, from the trigger's starting position. */
  async position(shards: readonly ShardInfo[]): Promise<void> {
    if (this.#mapping.trigger.startingPosition === 'LATEST') {
      for (const shardId of shardsBeforeLatest(shards)) this.#finished.add(shardId);
      for (const shard of shards.filter((candidate) => !candidate.closed)) {
        await this.#startShard(shard.shardId, 'LATEST');
      }
      return;
    }
    await this.#startReadyShards(shards);
  }

  async #startReadyShards(shards: readonly ShardInfo[]): Promise<void> {
    const ready = shardsToStart(shards, {
      reading: new Set(this.#readers.keys()),
      finished: this.#finished,
    });
    for (const shard of ready) await this.#startShard(shard.shardId, 'TRIM_HORIZON');
  }

  async #startShard(shardId: string, type: ShardIteratorType): Promise<void> {
    const iterator = await this.iteratorFor(shardId, type);
    const reader = new ShardReader(this, shardId, iterator);
    this.#readers.set(shardId, reader);
    if (this.#loops.size > 0) this.#spawn(reader.run());
  }

  /** A shard iterator of the given type. */
  async iteratorFor(
    shardId: string,
    type: ShardIteratorType,
    sequenceNumber?: string,
  ): Promise<string | undefined> {
    const result = await this.#client.send(
      new GetShardIteratorCommand({
        StreamArn: this.#streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }),
      }),
    );
    return result.ShardIterator;
  }

  /** Starts the shard loops and the discovery of new shards. */
  run(): void {
    this.#spawn(this.#discover());
    for (const reader of this.#readers.values()) this.#spawn(reader.run());
  }

  #spawn(loop: Promise<void>): void {
    const tracked = loop.catch((error: unknown) => {
      this.#options.logger.error(
        `${this.#mapping.functionName}: stream polling failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
    this.#loops.add(tracked);
    void tracked.finally(() => this.#loops.delete(tracked));
  }

  /** Called by a reader that has read its closed shard to the end. */
  shardFinished(shardId: string): void {
    this.#readers.delete(shardId);
    this.#finished.add(shardId);
    this.#discoverNow = true;
    this.wakeAll();
  }

  async #discover(): Promise<void> {
    const interval = this.#options.discoveryIntervalMs ?? 1000;
    while (!this.#stopped) {
      await this.sleep(interval, () => this.#discoverNow);
      if (this.isStopped()) return;
      this.#discoverNow = false;
      try {
        await this.#startReadyShards(await this.describeShards());
      } catch (error) {
        this.#options.logger.warn(
          `${this.#mapping.functionName}: DescribeStream failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
  }

  /** Sleeps for `ms`, or less when stopping or when `until` turns true on a wake-up. */
  sleep(ms: number, until: () => boolean = () => false): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve();
      };
      const wake = (): void => {
        if (this.#stopped || until()) done();
      };
      const timer = setTimeout(done, ms);
      this.#wakers.add(wake);
    });
  }

  wakeAll(): void {
    for (const wake of [...this.#wakers]) wake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.wakeAll();
    while (this.#loops.size > 0) await Promise.allSettled([...this.#loops]);
  }
}

/** Reads one shard and delivers its records, batch after batch. */
class ShardReader {
  readonly #esm: EventSourceMapping;
  readonly #shardId: string;
  #iterator: string | undefined;
  #buffer: BufferedRecord[] = [];
  #lastSequence: string | undefined;
  #lastPageFull = false;

  constructor(esm: EventSourceMapping, shardId: string, iterator: string | undefined) {
    this.#esm = esm;
    this.#shardId = shardId;
    this.#iterator = iterator;
  }

  async run(): Promise<void> {
    const esm = this.#esm;
    const { trigger } = esm.mapping;
    while (!esm.isStopped()) {
      const polledAt = Date.now();
      if (this.#iterator !== undefined && this.#buffer.length < trigger.batchSize)
        await this.#fetch();
      while (!esm.isStopped() && this.#batchReady()) {
        await this.#deliver(this.#buffer.splice(0, trigger.batchSize));
      }
      if (this.#iterator === undefined && this.#buffer.length === 0) {
        esm.shardFinished(this.#shardId);
        return;
      }
      // Lambda polls a shard at a base rate (4 times a second): the next poll comes one
      // interval after the last one started, or at once if delivering took longer.
      if (!this.#lastPageFull) {
        await esm.sleep(Math.max(0, esm.options.pollIntervalMs - (Date.now() - polledAt)));
      }
    }
  }

  #batchReady(): boolean {
    const { trigger } = this.#esm.mapping;
    const first = this.#buffer[0];
    if (first === undefined) return false;
    if (this.#buffer.length >= trigger.batchSize || this.#iterator === undefined) return true;
    const windowMs = trigger.maximumBatchingWindowSeconds * 1000;
    return windowMs === 0 || Date.now() - first.readAt >= windowMs;
  }

  async #fetch(): Promise<void> {
    const esm = this.#esm;
    const { options } = esm;
    try {
      const page = await esm.client.send(
        new GetRecordsCommand({ ShardIterator: this.#iterator, Limit: GET_RECORDS_LIMIT }),
      );
      this.#iterator = page.NextShardIterator ?? undefined;
      const records = page.Records ?? [];
      this.#lastPageFull = records.length === GET_RECORDS_LIMIT;
      const readAt = Date.now();
      for (const raw of records) {
        this.#lastSequence = raw.dynamodb?.SequenceNumber ?? this.#lastSequence;
        // DynamoDB Local writes a second REMOVE, without an old image, when two deletes of
        // one item race; DynamoDB writes one record per change. Drop the phantom.
        if (raw.eventName === 'REMOVE' && raw.dynamodb?.OldImage === undefined) {
          options.stats.stream.phantomRemoves += 1;
          continue;
        }
        const record = toLambdaRecord(raw, { region: options.region, streamArn: esm.streamArn });
        if (matchesAnyPattern(record, esm.mapping.trigger.filterPatterns)) {
          this.#buffer.push({ record, readAt });
        } else {
          options.stats.stream.filteredOut += 1;
        }
      }
    } catch (error) {
      this.#lastPageFull = false;
      await this.#recover(error);
    }
  }

  /** Takes a new iterator after an expired or trimmed one; gives up on a vanished stream. */
  async #recover(error: unknown): Promise<void> {
    const esm = this.#esm;
    const name = errorName(error);
    const { logger } = esm.options;
    try {
      if (name === 'ExpiredIteratorException') {
        this.#iterator =
          this.#lastSequence === undefined
            ? await esm.iteratorFor(this.#shardId, 'LATEST')
            : await esm.iteratorFor(this.#shardId, 'AFTER_SEQUENCE_NUMBER', this.#lastSequence);
        return;
      }
      if (name === 'TrimmedDataAccessException') {
        this.#iterator = await esm.iteratorFor(this.#shardId, 'TRIM_HORIZON');
        return;
      }
      if (name === 'ResourceNotFoundException') {
        logger.warn(`${esm.mapping.functionName}: shard ${this.#shardId} is gone; stopping it.`);
        this.#iterator = undefined;
        return;
      }
    } catch (recoveryError) {
      error = recoveryError;
    }
    logger.warn(
      `${esm.mapping.functionName}: GetRecords on ${this.#shardId} failed: ${error instanceof Error ? error.message : String(error)}`,
    );
    await esm.sleep(esm.options.pollIntervalMs);
  }

  /** Delivers a batch until it succeeds or is given up on: retries, bisection, on-failure. */
  async #deliver(records: readonly BufferedRecord[]): Promise<void> {
    const esm = this.#esm;
    const { trigger } = esm.mapping;
    const { stats } = esm.options;
    const queue: PendingBatch[] = [{ records, attempts: 0, invocations: 0 }];
    while (queue.length > 0 && !esm.isStopped()) {
      const current = queue[0];
      if (current === undefined) break;
      const oldest = Math.min(...current.records.map((record) => record.readAt));
      if (
        trigger.maximumRecordAgeSeconds !== -1 &&
        current.invocations > 0 &&
        Date.now() - oldest > trigger.maximumRecordAgeSeconds * 1000
      ) {
        await this.#giveUp(current, 'RecordAgeExceeded', undefined);
        queue.shift();
        continue;
      }
      const result = await this.#invoke(current.records);
      const invocations = current.invocations + 1;
      if (result.kind === 'ok') {
        queue.shift();
        continue;
      }
      const exhausted =
        trigger.maximumRetryAttempts !== -1 && current.attempts >= trigger.maximumRetryAttempts;
      if (result.kind === 'partial') {
        // Records before the lowest failure are done (checkpointed); retry from it on.
        const rest = current.records.slice(result.failedIndex);
        const failed = { records: rest, attempts: current.attempts + 1, invocations };
        if (exhausted) {
          await this.#giveUp(failed, 'RetryAttemptsExhausted', result);
          queue.shift();
        } else {
          stats.stream.retries += 1;
          queue[0] = failed;
          await esm.sleep(esm.options.pollIntervalMs);
        }
        continue;
      }
      if (trigger.bisectBatchOnFunctionError && current.records.length > 1) {
        // Splitting does not use up retries: it narrows the failure down to one record.
        const middle = Math.ceil(current.records.length / 2);
        stats.stream.bisections += 1;
        queue.splice(
          0,
          1,
          { records: current.records.slice(0, middle), attempts: 0, invocations },
          { records: current.records.slice(middle), attempts: 0, invocations },
        );
        continue;
      }
      if (exhausted) {
        await this.#giveUp({ ...current, invocations }, 'RetryAttemptsExhausted', result);
        queue.shift();
        continue;
      }
      stats.stream.retries += 1;
      queue[0] = { records: current.records, attempts: current.attempts + 1, invocations };
      await esm.sleep(esm.options.pollIntervalMs);
    }
  }

  async #invoke(records: readonly BufferedRecord[]): Promise<BatchResult> {
    const esm = this.#esm;
    const { runtime, stats, faults, logger } = esm.options;
    const { functionName, trigger } = esm.mapping;
    const lambdaRecords = records.map((buffered) => buffered.record);
    const event: LambdaStreamEvent = { Records: lambdaRecords };
    const deliver = async (): Promise<BatchResult> => {
      stats.stream.batches += 1;
      stats.stream.records += lambdaRecords.length;
      let result: BatchResult = { kind: 'ok' };
      await runtime.invoke(functionName, event, {
        route: STREAM_ROUTE,
        detail: `${lambdaRecords.length} record${lambdaRecords.length === 1 ? '' : 's'}`,
        statusOf: (outcome) => {
          result = classifyBatchOutcome(outcome, lambdaRecords, trigger.reportBatchItemFailures);
          if (result.kind === 'error' && !result.functionError) return 'invalid-response';
          return outcome.ok ? result.kind : outcome.timedOut ? 'timeout' : 'error';
        },
      });
      return result;
    };
    const result = await deliver();
    if (result.kind === 'ok' && faults.duplicateBatch()) {
      stats.faults.duplicatedBatches += 1;
      logger.info(`fault: batch of ${lambdaRecords.length} delivered again to ${functionName}`);
      await deliver();
    }
    return result;
  }

  async #giveUp(
    batch: PendingBatch,
    condition: OnFailureCondition,
    last: Exclude<BatchResult, { kind: 'ok' }> | undefined,
  ): Promise<void> {
    const esm = this.#esm;
    const { onFailure, runtime, logger } = esm.options;
    const first = batch.records[0]?.record;
    const lastRecord = batch.records.at(-1)?.record;
    if (first === undefined || lastRecord === undefined) return;
    const arrival = (record: LambdaStreamRecord): string =>
      new Date(record.dynamodb.ApproximateCreationDateTime * 1000)
        .toISOString()
        .replace('.000Z', 'Z');
    logger.warn(
      `${esm.mapping.functionName}: gave up on ${batch.records.length} record(s) of ${this.#shardId} ` +
        `from ${first.dynamodb.SequenceNumber} (${condition}); written to the on-failure log.`,
    );
    await onFailure.write({
      requestContext: {
        requestId: last?.requestId ?? '',
        functionArn: runtime.arnOf(esm.mapping.functionName),
        condition,
        approximateInvokeCount: batch.invocations,
      },
      responseContext: {
        statusCode: 200,
        executedVersion: '$LATEST',
        ...(last?.kind === 'error' ? { functionError: 'Unhandled' } : {}),
      },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.#shardId,
        startSequenceNumber: first.dynamodb.SequenceNumber,
        endSequenceNumber: lastRecord.dynamodb.SequenceNumber,
        approximateArrivalOfFirstRecord: arrival(first),
        approximateArrivalOfLastRecord: arrival(lastRecord),
        batchSize: batch.records.length,
        streamArn: esm.streamArn,
      },
    });
  }
}
