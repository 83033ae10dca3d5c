/**
 * Exact decimal arithmetic for money. Amounts travel as strings and are computed with a private big.js
 * constructor, so the global Big settings other modules may use are never touched.
 *
 * Rounding happens in exactly two places, both half-even:
 * - a quotient (an inverse price, a route through a hub) is rounded to QUOTIENT_SIGNIFICANT_DIGITS
 *   significant digits, once per quotient;
 * - benchmark units are rounded to UNIT_DECIMAL_PLACES decimal places.
 * Sums and products are exact.
 */
import Big from 'big.js';
import type { Decimal } from './types.ts';

/** 20 significant digits: far below a cent on any realistic holding, and stable across runs. */
export const QUOTIENT_SIGNIFICANT_DIGITS = 20;
/** Benchmark units: 1e-18 of a unit of BTC is worth about 1e-13 USD. */
export const UNIT_DECIMAL_PLACES = 18;

const Exact = Big();
// Plain notation in every string we produce or parse, never "1e-7".
Exact.NE = -1_000_000;
Exact.PE = 1_000_000;
Exact.RM = Exact.roundHalfEven;

export type Dec = Big;

export class DecimalError extends Error {
  readonly value: unknown;
  constructor(value: unknown, context?: string) {
    super(`Not a decimal number${context ? ` (${context})` : ''}: ${JSON.stringify(value)}`);
    this.name = 'DecimalError';
    this.value = value;
  }
}

const DECIMAL_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses a decimal string strictly (no exponent, no whitespace, no NaN); `context` names the field in errors. */
export function dec(value: Decimal | Big | number, context?: string): Big {
  if (value instanceof Big) return new Exact(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new DecimalError(value, context);
    return new Exact(value);
  }
  if (typeof value !== 'string' || !DECIMAL_TEXT.test(value)) throw new DecimalError(value, context);
  return new Exact(value);
}

/** Whether `value` is a decimal string `dec` accepts. */
export function isDecimalText(value: unknown): value is Decimal {
  return typeof value === 'string' && DECIMAL_TEXT.test(value);
}

/** Canonical text: plain notation, no trailing zeros, "-0" written as "0". */
export function fmt(value: Big): Decimal {
  const text = value.toFixed();
  return text === '-0' ? '0' : text;
}

export function sum(values: Iterable<Big>): Big {
  let total = new Exact(0);
  for (const v of values) total = total.plus(v);
  return total;
}

/**
 * |a / b| truncated at `places` decimal places, plus a sticky digit one place further when the remainder is
 * not zero. Rounding that to fewer places (or significant digits) half-even gives the correctly rounded
 * quotient: a tie is only seen when the quotient really is a tie.
 */
function stickyQuotient(n: Big, d: Big, places: number): Big {
  const Div = Big();
  Div.DP = places;
  Div.RM = Div.roundDown;
  const truncated = new Exact(new Div(n).div(new Div(d)));
  return truncated.times(d).eq(n) ? truncated : truncated.plus(new Exact(`1e-${places + 1}`));
}

function signedQuotient(a: Big, b: Big, round: (n: Big, d: Big) => Big): Big {
  if (b.eq(0)) throw new RangeError('Division by zero');
  if (a.eq(0)) return new Exact(0);
  const rounded = round(a.abs(), b.abs());
  return a.lt(0) !== b.lt(0) ? rounded.neg() : rounded;
}

/** a / b rounded half-even to `significant` significant digits (one rounding). */
export function divide(a: Big, b: Big, significant = QUOTIENT_SIGNIFICANT_DIGITS): Big {
  return signedQuotient(a, b, (n, d) => {
    // The quotient's exponent is at least n.e - d.e - 1; keep two digits past the last significant one.
    const places = Math.max(0, significant + 2 - (n.e - d.e));
    return stickyQuotient(n, d, places).prec(significant, Exact.roundHalfEven);
  });
}

/** a / b rounded half-even to `places` decimal places (one rounding). */
export function divideToPlaces(a: Big, b: Big, places: number): Big {
  return signedQuotient(a, b, (n, d) => stickyQuotient(n, d, places + 2).round(places, Exact.roundHalfEven));
}

/** Rounds to `places` decimal places, half-even. */
export function roundPlaces(value: Big, places: number): Big {
  return new Exact(value).round(places, Exact.roundHalfEven);
}

export const ZERO: Big = new Exact(0);
export const ONE: Big = new Exact(1);
