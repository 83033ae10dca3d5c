import Big from 'big.js';

export { Big };

export const ZERO = new Big(0);

/** Binance's usual amount format: fixed 8 decimals, never "-0.00000000". */
export function fmt8(value: Big): string {
  const s = value.round(8, Big.roundHalfEven).toFixed(8);
  return s === '-0.00000000' ? '0.00000000' : s;
}

/** Plain decimal text without trailing zeros (Binance writes some amounts like "0.001" or "1"). */
export function fmtPlain(value: Big): string {
  const s = value.round(8, Big.roundHalfEven).toFixed();
  return s === '-0' ? '0' : s;
}

export function round8(value: Big): Big {
  return value.round(8, Big.roundHalfEven);
}

export function sum(values: Big[]): Big {
  return values.reduce((acc, v) => acc.plus(v), ZERO);
}
