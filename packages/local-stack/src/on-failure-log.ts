/**
 * The stream's on-failure destination: when the poller gives up on a batch it writes the
 * record Lambda sends to an event source mapping's on-failure destination, to a JSON-lines
 * file and to the stack's stats.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Why a batch was given up on, as Lambda names it. */
export type OnFailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** Lambda's on-failure record for a DynamoDB stream batch. */
export interface StreamOnFailureRecord {
  readonly requestContext: {
    readonly requestId: string;
    readonly functionArn: string;
    readonly condition: OnFailureCondition;
    readonly approximateInvokeCount: number;
  };
  readonly responseContext: {
    readonly statusCode: number;
    readonly executedVersion: string;
    /** `Unhandled` when the last attempt threw or timed out; absent for reported item failures. */
    readonly functionError?: string;
  };
  readonly version: '1.0';
  readonly timestamp: string;
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly approximateArrivalOfFirstRecord: string;
    readonly approximateArrivalOfLastRecord: string;
    readonly batchSize: number;
    readonly streamArn: string;
  };
}

/** Appends on-failure records to a list and, when given a path, to a JSON-lines file. */
export class OnFailureLog {
  readonly path: string | undefined;
  readonly #records: StreamOnFailureRecord[];
  #writes: Promise<void> = Promise.resolve();
  #directoryReady = false;

  /**
   * @param records the list to append to (the stack's `stats.onFailure`).
   * @param path the JSON-lines file; none when absent.
   */
  constructor(records: StreamOnFailureRecord[], path?: string) {
    this.#records = records;
    this.path = path;
  }

  /** Records a failed batch. File writes are serialised so lines never interleave. */
  write(record: StreamOnFailureRecord): Promise<void> {
    this.#records.push(record);
    const path = this.path;
    if (path === undefined) return Promise.resolve();
    this.#writes = this.#writes.then(async () => {
      if (!this.#directoryReady) {
        await mkdir(dirname(path), { recursive: true });
        this.#directoryReady = true;
      }
      await appendFile(path, `${JSON.stringify(record)}\n`, 'utf8');
    });
    return this.#writes;
  }

  /** Resolves once every record so far is in the file. */
  flush(): Promise<void> {
    return this.#writes;
  }
}
