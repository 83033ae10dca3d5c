/** Progress of a long loop on stderr: a redrawn bar on a terminal, a line every tenth otherwise. */
export class Progress {
  readonly #out: NodeJS.WritableStream & { isTTY?: boolean };
  readonly #total: number;
  readonly #label: string;
  readonly #started = Date.now();
  #lastTenth = -1;

  constructor(out: NodeJS.WritableStream & { isTTY?: boolean }, total: number, label: string) {
    this.#out = out;
    this.#total = Math.max(1, total);
    this.#label = label;
  }

  update(done: number, note = ''): void {
    const share = Math.min(1, done / this.#total);
    const secs = ((Date.now() - this.#started) / 1000).toFixed(1);
    if (this.#out.isTTY) {
      const width = 30;
      const filled = Math.round(share * width);
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      this.#out.write(`\r${this.#label} [${bar}] ${done}/${this.#total} ${secs}s ${note}`.padEnd(100));
      if (done >= this.#total) this.#out.write('\n');
      return;
    }
    const tenth = Math.floor(share * 10);
    if (tenth > this.#lastTenth) {
      this.#lastTenth = tenth;
      this.#out.write(`${this.#label}: ${done}/${this.#total} (${tenth * 10} %) after ${secs}s ${note}\n`);
    }
  }
}
