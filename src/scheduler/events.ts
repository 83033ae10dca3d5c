/** Where the daemon's notable events go: the process log (pino) and the store's system_logs. */
export type EventLevel = 'debug' | 'info' | 'warn' | 'error';

export interface EventLog {
  event(level: EventLevel, operation: string, message: string, data?: Record<string, unknown>): void;
}

/** An EventLog that keeps what it is told: for tests and for code that wants to inspect events. */
export class MemoryEventLog implements EventLog {
  readonly entries: Array<{
    level: EventLevel;
    operation: string;
    message: string;
    data?: Record<string, unknown>;
  }> = [];
  event(level: EventLevel, operation: string, message: string, data?: Record<string, unknown>): void {
    this.entries.push({ level, operation, message, data });
  }
  operations(): string[] {
    return this.entries.map((e) => e.operation);
  }
}
