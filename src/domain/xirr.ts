/**
 * Money-weighted return (design.md §5): the annual rate r solving
 *   V_a·(1+r)^T + Σ cⱼ·(1+r)^((b − τⱼ)/year) = V_b,   T = (b − a)/year, year = 365 days.
 * Sign convention: flows are signed from the account's side, deposits positive and withdrawals negative, so a
 * deposit is money that had the rest of the period to grow. Solved in x = ln(1 + r), where every term is a
 * smooth exponential: the root nearest x = 0 is bracketed by stepping outwards, then refined by a safeguarded
 * Newton step inside the bracket (bisection whenever Newton would leave it). No sign change → null.
 */

export const YEAR_MS = 365 * 24 * 3600 * 1000;

export interface XirrInput {
  a: number;
  b: number;
  va: number;
  vb: number;
  /** Flow times in (a, b] and their signed values. */
  flowTs: ArrayLike<number>;
  flowValue: ArrayLike<number>;
  from?: number;
  to?: number;
}

/** Steps tried on each side of x = 0 while looking for a sign change. */
const STEPS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512];

export function xirr(input: XirrInput): number | null {
  const { a, b, va, vb, flowTs, flowValue } = input;
  const from = input.from ?? 0;
  const to = input.to ?? flowTs.length;
  if (!(b > a)) return null;
  const m = to - from;
  const exps = new Float64Array(m + 1);
  const coefs = new Float64Array(m + 1);
  exps[0] = (b - a) / YEAR_MS;
  coefs[0] = va;
  for (let j = 0; j < m; j++) {
    exps[j + 1] = (b - flowTs[from + j]!) / YEAR_MS;
    coefs[j + 1] = flowValue[from + j]!;
  }
  const f = (x: number): number => {
    let s = -vb;
    for (let k = 0; k <= m; k++) s += coefs[k]! * Math.exp(x * exps[k]!);
    return s;
  };
  const f0 = f(0);
  if (f0 === 0) return 0;
  const bracket = findBracket(f, f0);
  if (bracket === null) return null;
  const x = refine(f, (x) => derivative(x, coefs, exps), bracket[0], bracket[1]);
  const r = Math.expm1(x);
  return Number.isFinite(r) ? r : null;
}

function derivative(x: number, coefs: Float64Array, exps: Float64Array): number {
  let s = 0;
  for (let k = 0; k < coefs.length; k++) s += coefs[k]! * exps[k]! * Math.exp(x * exps[k]!);
  return s;
}

function findBracket(f: (x: number) => number, f0: number): [number, number] | null {
  let prevUp = 0;
  let prevDown = 0;
  for (const step of STEPS) {
    const up = f(step);
    if (Number.isFinite(up) && Math.sign(up) !== Math.sign(f0)) return [prevUp, step];
    prevUp = step;
    const down = f(-step);
    if (Number.isFinite(down) && Math.sign(down) !== Math.sign(f0)) return [-step, prevDown];
    prevDown = -step;
  }
  return null;
}

function refine(f: (x: number) => number, df: (x: number) => number, lo0: number, hi0: number): number {
  let lo = lo0;
  let hi = hi0;
  let flo = f(lo);
  let x = (lo + hi) / 2;
  for (let it = 0; it < 200; it++) {
    const fx = f(x);
    if (fx === 0) return x;
    if (Math.sign(fx) === Math.sign(flo)) {
      lo = x;
      flo = fx;
    } else {
      hi = x;
    }
    const d = df(x);
    const newton = d !== 0 ? x - fx / d : Number.NaN;
    const next = newton > lo && newton < hi ? newton : (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * (1 + Math.abs(x))) return next;
    x = next;
  }
  return x;
}
