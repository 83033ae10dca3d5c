/**
 * Decimals as they are stored: SQLite keeps TEXT exactly as written, PostgreSQL's numeric rewrites it
 * ("1e-8" becomes "0.00000001", "-0" becomes "0") and refuses text that is not a number. Writing the
 * canonical plain form on both backends makes them hold and return the same strings, keeps the scale the
 * caller wrote ("1.50" stays "1.50"), and keeps garbage ("abc", "NaN", "1,5") out of SQLite too.
 */

export class DecimalFormatError extends Error {
  override name = 'DecimalFormatError';
}

/** Already canonical (the common case, checked first for speed): no sign on zero, no redundant leading zero. */
const CANONICAL = /^(?:-?[1-9]\d*(?:\.\d+)?|0(?:\.\d+)?|-0\.\d*[1-9]\d*)$/;
const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Exponent beyond which a decimal is certainly a mistake (and would expand to an absurdly long string). */
const MAX_EXPONENT = 1000;

/** The plain form of a finite decimal, with PostgreSQL numeric's scale: "1.50e2" → "150", "1.5e-3" → "0.0015". */
export function canonicalDecimal(value: string | number, what: string): string {
  const text = typeof value === 'number' ? numberText(value, what) : value.trim();
  if (CANONICAL.test(text)) return text;
  const m = DECIMAL.exec(text);
  const intDigits = m?.[2] ?? '';
  const fracDigits = m?.[3] ?? '';
  if (!m || intDigits.length + fracDigits.length === 0) {
    throw new DecimalFormatError(`${what}: "${shorten(text)}" is not a decimal number`);
  }
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  if (Math.abs(exponent) > MAX_EXPONENT) {
    throw new DecimalFormatError(`${what}: exponent of "${shorten(text)}" out of range`);
  }
  const digits = intDigits + fracDigits;
  const point = intDigits.length + exponent;
  let whole: string;
  let fraction: string;
  if (point <= 0) {
    whole = '0';
    fraction = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    whole = digits + '0'.repeat(point - digits.length);
    fraction = '';
  } else {
    whole = digits.slice(0, point);
    fraction = digits.slice(point);
  }
  whole = whole.replace(/^0+(?=\d)/, '');
  const zero = /^0*$/.test(whole) && /^0*$/.test(fraction);
  const sign = m[1] === '-' && !zero ? '-' : '';
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

export function canonicalDecimalOrNull(
  value: string | number | null | undefined,
  what: string,
): string | null {
  return value === null || value === undefined ? null : canonicalDecimal(value, what);
}

function numberText(value: number, what: string): string {
  if (!Number.isFinite(value)) throw new DecimalFormatError(`${what}: ${value} is not a finite number`);
  return String(value);
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
