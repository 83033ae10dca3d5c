import type { ParsedScenario, SymbolSpec } from './scenario.ts';

/** A listed pair: the conversion graph's edge, with its trading status. */
export interface Market {
  symbol: string;
  baseAsset: string;
  quoteAsset: string;
  status: string;
}

/** Quote assets recognised when a symbol is given as plain text, longest first so FDUSD wins over USD. */
const QUOTES = [
  'FDUSD',
  'USDT',
  'USDC',
  'TUSD',
  'BUSD',
  'EUR',
  'TRY',
  'BRL',
  'GBP',
  'BTC',
  'ETH',
  'BNB',
  'DAI',
  'JPY',
];

export function splitSymbol(symbol: string): { baseAsset: string; quoteAsset: string } {
  for (const q of QUOTES) {
    if (symbol.endsWith(q) && symbol.length > q.length) {
      return { baseAsset: symbol.slice(0, -q.length), quoteAsset: q };
    }
  }
  throw new Error(`cannot tell base and quote of "${symbol}": list it as {symbol, baseAsset, quoteAsset}`);
}

function toMarket(spec: SymbolSpec): Market {
  if (typeof spec === 'string') return { symbol: spec, ...splitSymbol(spec), status: 'TRADING' };
  const split = spec.baseAsset && spec.quoteAsset ? null : splitSymbol(spec.symbol);
  return {
    symbol: spec.symbol,
    baseAsset: spec.baseAsset ?? split!.baseAsset,
    quoteAsset: spec.quoteAsset ?? split!.quoteAsset,
    status: spec.status ?? 'TRADING',
  };
}

export function marketsOf(scenario: ParsedScenario): Market[] {
  return scenario.symbols.map(toMarket);
}
