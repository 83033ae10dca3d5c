import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/scheduler/clock.ts';

/** A clock that jumps straight to whatever instant is slept until: hours of slots pass in microseconds. */
export class JumpClock implements Clock {
  t: number;
  readonly sleeps: number[] = [];
  constructor(start: number) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  async sleepUntil(ts: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ts);
    await new Promise((r) => setImmediate(r));
    if (!signal?.aborted) this.t = Math.max(this.t, ts);
  }
}

export const at = (isoText: string): number => Date.parse(isoText);
export const iso = (ts: number): string => new Date(ts).toISOString();

/** A temp directory for small child scripts standing in for `bpm collect` and `bpm serve`. */
export function scriptDir(): { dir: string; script(name: string, body: string): string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'bpm-sched-'));
  return {
    dir,
    script(name, body) {
      const path = join(dir, name);
      writeFileSync(path, body);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
