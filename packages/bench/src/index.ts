/**
 * @module @chat/bench
 *
 * Benchmarks of the chat backend on the local stack, beside two baselines measured in the
 * same run: the raw WebSocket broadcast floor and the seed article's design.
 */
export { meterReads, type ReadTally } from './capacity-meter.js';
export { measureColdStart, type ColdStartRow } from './cold-start.js';
export { measureConnectionsHeld, type ConnectionsRow } from './connections-held.js';
export {
  freshDynamoDb,
  sharedDynamoDb,
  type DynamoDbLease,
  type DynamoDbSource,
} from './dynamodb-source.js';
export { startFloorServer, type FloorServer } from './floor-server.js';
export { measureInvocations, type InvocationRow } from './invocations.js';
export { measureLatency, rateFor, type LatencyCase, type LatencyRow } from './latency.js';
export { plans, POLL_DEFAULT_MS, POLL_SHORT_MS, type BenchPlan } from './plans.js';
export { processCpuSeconds } from './process-cpu.js';
export { measureReadCost, type ReadCostRow } from './read-cost.js';
export {
  describeRun,
  markdownTable,
  writeResults,
  type MachineDescription,
  type RunInfo,
} from './report.js';
export { METRICS, runBenchmarks, type BenchResults, type Metric } from './run.js';
export { seedFanoutApp, SeedFunction } from './seed/seed-app.js';
export { seedGetConnected } from './seed/seed-get-connected.js';
export { checkTargets, renderMarkdown, type TargetCheck } from './summary.js';
export { measureThroughput, type ThroughputResult, type ThroughputStep } from './throughput.js';
