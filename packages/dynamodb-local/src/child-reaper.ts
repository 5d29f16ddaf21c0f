/**
 * Makes sure no DynamoDB Local JVM outlives the process that started it: on `exit`, and on
 * SIGINT / SIGTERM when nobody else handles them, every running child is killed.
 */
import type { ChildProcess } from 'node:child_process';

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  children.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Someone else handles this signal (a server's graceful shutdown, a test runner): it will
  // stop DynamoDB Local itself, and the exit hook catches whatever it forgets.
  if (process.listenerCount(signal) > 1) return;
  killAll();
  unregister();
  process.kill(process.pid, signal);
}

function register(): void {
  process.on('exit', killAll);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function unregister(): void {
  process.off('exit', killAll);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Kills `child` when this process exits, until it is forgotten (or exits by itself). */
export function reapOnExit(child: ChildProcess): void {
  if (children.size === 0) register();
  children.add(child);
  child.once('exit', () => {
    forget(child);
  });
}

/** Stops watching `child`. */
export function forget(child: ChildProcess): void {
  if (!children.delete(child)) return;
  if (children.size === 0) unregister();
}
