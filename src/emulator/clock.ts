/**
 * The emulator's clock. Frozen: stands still until set or advanced. Running: follows real time from where it was
 * last set. `skewMs` is an offset the fault injector adds to simulate a server clock that drifted.
 */
export class EmulatorClock {
  private base: number;
  private realBase: number;
  private readonly frozen: boolean;
  private readonly realNow: () => number;

  constructor(start: number, frozen: boolean, realNow: () => number = Date.now) {
    this.base = start;
    this.frozen = frozen;
    this.realNow = realNow;
    this.realBase = realNow();
  }

  get isFrozen(): boolean {
    return this.frozen;
  }

  now(): number {
    return this.frozen ? this.base : this.base + (this.realNow() - this.realBase);
  }

  set(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error(`not a time: ${ms}`);
    this.base = Math.trunc(ms);
    this.realBase = this.realNow();
  }

  advance(ms: number): void {
    this.set(this.now() + ms);
  }
}
