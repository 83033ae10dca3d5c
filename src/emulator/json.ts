/**
 * A JSON writer of our own so that ids larger than 2^53 can go on the wire as number literals exactly as
 * Binance sends them (a JS number would round them), and so that the bytes are fully determined by the data.
 */

/** A number literal written verbatim, e.g. a tranId of "8082457372019390060". */
export class RawNumber {
  readonly text: string;
  constructor(text: string) {
    if (!/^-?\d+(\.\d+)?$/.test(text)) throw new Error(`not a number literal: ${text}`);
    this.text = text;
  }
}

export type Json =
  | string
  | number
  | boolean
  | null
  | RawNumber
  | Json[]
  | { [key: string]: Json | undefined };

export function toJson(value: Json): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (value instanceof RawNumber) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJson).join(',')}]`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) parts.push(`${JSON.stringify(k)}:${toJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/** An id that Binance sends as a JSON number: exact, whatever its size. */
export function numericId(id: string): RawNumber {
  return new RawNumber(id);
}
