/**
 * Process checks for the lifecycle tests: is a pid alive, and which JVMs run DynamoDB Local.
 */
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** `true` while a process with this pid exists (and is not a zombie we could still reap). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const state = execFileSync('ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' });
    return !state.trim().startsWith('Z');
  } catch {
    return false;
  }
}

/** Pids of running DynamoDB Local JVMs listening on `port`. */
export function dynamoDbLocalJvmsOnPort(port: number): number[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .filter((line) => line.includes('DynamoDBLocal.jar') && line.includes(`-port ${port}`))
    .filter((line) => !line.trim().split(/\s+/)[1]?.endsWith('ps'))
    .map((line) => Number.parseInt(line.trim(), 10))
    .filter(isAlive);
}

/** Waits until `pid` is gone, up to `timeoutMs`; returns whether it is. */
export async function waitUntilGone(pid: number, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(50);
  }
  return true;
}
