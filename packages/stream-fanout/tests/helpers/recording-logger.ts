/** A `FanOutLogger` that keeps what was logged, for assertions. */
import type { FanOutLogger, LogAttributes } from '../../src/types.js';

export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly message: string;
  readonly attributes: LogAttributes;
}

export class RecordingLogger implements FanOutLogger {
  public readonly entries: LogEntry[] = [];

  public debug(message: string, attributes: LogAttributes = {}): void {
    this.entries.push({ level: 'debug', message, attributes });
  }

  public info(message: string, attributes: LogAttributes = {}): void {
    this.entries.push({ level: 'info', message, attributes });
  }

  public warn(message: string, attributes: LogAttributes = {}): void {
    this.entries.push({ level: 'warn', message, attributes });
  }

  public error(message: string, attributes: LogAttributes = {}): void {
    this.entries.push({ level: 'error', message, attributes });
  }

  /** Entries at `level`. */
  public at(level: LogEntry['level']): LogEntry[] {
    return this.entries.filter((entry) => entry.level === level);
  }
}
