/**
 * Where a benchmark case keeps its table. DynamoDB Local runs every request through one
 * SQLite thread, and its `GetRecords` slows down with every stream record it holds, in any
 * table, deleted tables included (measured: an empty poll took 6 ms on a fresh JVM and 38 ms
 * once another table had written 60 000 records). On a shared JVM each case would pay for
 * the stream history of the cases before it, so `pnpm bench` gives every case a fresh one;
 * the smoke test, whose cases are tiny, shares the test run's.
 */

/** A DynamoDB Local a case may use until it calls `release`. */
export interface DynamoDbLease {
  readonly endpoint: string;
  /** The JVM's process id, when this lease owns the JVM (for its CPU time). */
  readonly pid: number | undefined;
  release(): Promise<void>;
}

export type DynamoDbSource = () => Promise<DynamoDbLease>;

/** Every case uses the same, already running DynamoDB Local. */
export function sharedDynamoDb(endpoint: string): DynamoDbSource {
  return () => Promise.resolve({ endpoint, pid: undefined, release: () => Promise.resolve() });
}

/** Every case gets a DynamoDB Local of its own, stopped on release. */
export function freshDynamoDb(
  start: () => Promise<{ endpoint: string; pid: number; stop(): Promise<void> }>,
): DynamoDbSource {
  return async () => {
    const started = await start();
    return { endpoint: started.endpoint, pid: started.pid, release: () => started.stop() };
  };
}
