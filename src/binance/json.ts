/**
 * JSON parsing that keeps integers beyond 2^53 exact. Binance sends some ids (tranId, convert orderId) as bare
 * number literals larger than Number.MAX_SAFE_INTEGER; JSON.parse would round them, so the reviver returns the
 * literal's source text instead (Node 24 passes it as the third argument).
 */

interface ReviverContext {
  source?: string;
}

const INTEGER_LITERAL = /^-?\d+$/;

function keepBigIntegers(_key: string, value: unknown, context?: ReviverContext): unknown {
  if (typeof value !== 'number' || Number.isSafeInteger(value)) return value;
  const source = context?.source;
  return source !== undefined && INTEGER_LITERAL.test(source) ? source : value;
}

export function parseBinanceJson(text: string): unknown {
  return JSON.parse(text, keepBigIntegers as (key: string, value: unknown) => unknown);
}
