/** The CPU time of a process by its id, for the benchmark's per-process CPU figures. */
import { readFileSync } from 'node:fs';

/**
 * CPU seconds (user + system) a process has used so far, from `/proc`; undefined where
 * there is no `/proc` (macOS) or the process is gone.
 */
export function processCpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/** `getconf CLK_TCK`: 100 on every Linux architecture Node supports. */
const CLOCK_TICKS_PER_SECOND = 100;
