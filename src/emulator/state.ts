import { Big, ZERO } from './decimal.ts';
import type { AccountSpec, HoldingSpec, WalletName } from './scenario.ts';
import type { Market } from './symbols.ts';
import { firstReached, type TimedEvent } from './timeline.ts';

/** One asset in one wallet. Fields a wallet does not have stay zero. */
export interface Holding {
  free: Big;
  locked: Big;
  freeze: Big;
  withdrawing: Big;
  borrowed: Big;
  interest: Big;
}
export type Wallet = Map<string, Holding>;

export interface IsolatedPair {
  baseAsset: string;
  quoteAsset: string;
  base: Holding;
  quote: Holding;
}

export interface AccountState {
  spot: Wallet;
  funding: Wallet;
  crossMargin: Wallet;
  usdm: Wallet;
  coinm: Wallet;
  earnFlexible: Wallet;
  earnLocked: Wallet;
  isolated: Map<string, IsolatedPair>;
}

export function emptyHolding(): Holding {
  return { free: ZERO, locked: ZERO, freeze: ZERO, withdrawing: ZERO, borrowed: ZERO, interest: ZERO };
}

function holdingOf(spec: HoldingSpec | undefined): Holding {
  const h = emptyHolding();
  if (spec === undefined) return h;
  if (typeof spec === 'string') return { ...h, free: new Big(spec) };
  for (const k of ['free', 'locked', 'freeze', 'withdrawing', 'borrowed', 'interest'] as const) {
    const v = spec[k];
    if (v !== undefined) h[k] = new Big(v);
  }
  return h;
}

function walletOf(spec: Record<string, HoldingSpec> | undefined): Wallet {
  return new Map(Object.entries(spec ?? {}).map(([asset, h]) => [asset, holdingOf(h)]));
}

export function initialState(a: AccountSpec, markets: Market[]): AccountState {
  const bySymbol = new Map(markets.map((m) => [m.symbol, m]));
  const locked = Array.isArray(a.earnLocked)
    ? a.earnLocked.map((p) => [p.asset, p.amount] as const)
    : Object.entries(a.earnLocked);
  const lockedWallet: Wallet = new Map();
  for (const [asset, amount] of locked) {
    const h = lockedWallet.get(asset) ?? emptyHolding();
    lockedWallet.set(asset, { ...h, free: h.free.plus(amount) });
  }
  const isolated = new Map<string, IsolatedPair>();
  for (const [symbol, pair] of Object.entries(a.isolatedMargin ?? {})) {
    const m = bySymbol.get(symbol);
    if (!m) throw new Error(`account "${a.name}": isolated margin pair ${symbol} is not a listed symbol`);
    isolated.set(symbol, {
      baseAsset: m.baseAsset,
      quoteAsset: m.quoteAsset,
      base: holdingOf(pair.base),
      quote: holdingOf(pair.quote),
    });
  }
  return {
    spot: walletOf(a.spot),
    funding: walletOf(a.funding),
    crossMargin: walletOf(a.crossMargin),
    usdm: futuresWallet(a.usdm?.wallet),
    coinm: futuresWallet(a.coinm?.wallet),
    earnFlexible: walletOf(a.earnFlexible),
    earnLocked: lockedWallet,
    isolated,
  };
}

/** Futures wallet balances are signed (a scenario may start an account under water). */
function futuresWallet(spec: Record<string, string> | undefined): Wallet {
  return new Map(
    Object.entries(spec ?? {}).map(([asset, v]) => [asset, { ...emptyHolding(), free: new Big(v) }]),
  );
}

function cloneWallet(w: Wallet): Wallet {
  return new Map([...w].map(([k, h]) => [k, { ...h }]));
}

export function cloneState(s: AccountState): AccountState {
  return {
    spot: cloneWallet(s.spot),
    funding: cloneWallet(s.funding),
    crossMargin: cloneWallet(s.crossMargin),
    usdm: cloneWallet(s.usdm),
    coinm: cloneWallet(s.coinm),
    earnFlexible: cloneWallet(s.earnFlexible),
    earnLocked: cloneWallet(s.earnLocked),
    isolated: new Map(
      [...s.isolated].map(([k, p]) => [k, { ...p, base: { ...p.base }, quote: { ...p.quote } }]),
    ),
  };
}

function add(w: Wallet, asset: string, delta: Big): void {
  const h = w.get(asset) ?? emptyHolding();
  w.set(asset, { ...h, free: h.free.plus(delta) });
}

/** A balance change at an instant, derived from an event. */
export interface Effect {
  at: number;
  seq: number;
  apply(s: AccountState): void;
}

const DEPOSIT_CREDITED = [1, 6];
const WITHDRAWAL_RETURNED = [1, 3, 5];
const FIAT_DONE = ['Successful', 'Finished', 'Completed'];
const FIAT_FAILED = ['Failed', 'Refunded', 'Expired'];

/** The balance effects of one account's events (time order is applied by the caller). */
export function effectsOf(
  e: TimedEvent,
  priceAt: (symbol: string, t: number) => Big,
  markets: Map<string, Market>,
): Effect[] {
  const at = e.atMs;
  const seq = e.seq;
  const fx = (time: number | undefined, apply: (s: AccountState) => void): Effect[] =>
    time === undefined ? [] : [{ at: time, seq, apply }];
  switch (e.type) {
    case 'deposit':
      return fx(firstReached(e, DEPOSIT_CREDITED), (s) =>
        add(s[e.wallet ?? 'spot'], e.coin, new Big(e.amount)),
      );
    case 'withdrawal': {
      const out = new Big(e.amount).plus(e.fee);
      return [
        ...fx(at, (s) => add(s[e.wallet ?? 'spot'], e.coin, out.neg())),
        ...fx(firstReached(e, WITHDRAWAL_RETURNED), (s) => add(s[e.wallet ?? 'spot'], e.coin, out)),
      ];
    }
    case 'transfer':
      return fx(at, (s) => {
        add(s[e.from as WalletName], e.asset, new Big(e.amount).neg());
        add(s[e.to as WalletName], e.asset, new Big(e.amount));
      });
    case 'trade': {
      const m = markets.get(e.symbol)!;
      const t = tradeFigures(e, priceAt(e.symbol, at), m);
      return fx(at, (s) => {
        const sign = e.side === 'BUY' ? 1 : -1;
        add(s.spot, m.baseAsset, t.qty.times(sign));
        add(s.spot, m.quoteAsset, t.quoteQty.times(-sign));
        add(s.spot, t.commissionAsset, t.commission.neg());
      });
    }
    case 'fiatDeposit':
      return fx(firstReached(e, FIAT_DONE), (s) =>
        add(s.spot, e.fiatCurrency, new Big(e.amount).minus(e.fee)),
      );
    case 'fiatWithdrawal':
      return [
        ...fx(at, (s) => add(s.spot, e.fiatCurrency, new Big(e.amount).neg())),
        ...fx(firstReached(e, FIAT_FAILED), (s) => add(s.spot, e.fiatCurrency, new Big(e.amount))),
      ];
    case 'fiatPayment': {
      const sign = e.side === 'buy' ? 1 : -1;
      return fx(firstReached(e, FIAT_DONE), (s) =>
        add(s.spot, e.cryptoCurrency, new Big(e.obtainAmount).times(sign)),
      );
    }
    case 'pay':
      return fx(at, (s) => add(s[e.wallet], e.currency, new Big(e.amount)));
    case 'subAccountTransfer':
      if (e.status !== 'SUCCESS') return [];
      return fx(at, (s) => add(s.spot, e.asset, new Big(e.amount).times(e.direction === 'in' ? 1 : -1)));
    case 'futuresIncome':
      return fx(at, (s) => add(s.usdm, e.asset, new Big(e.amount)));
    case 'convert':
      return fx(at, (s) => {
        add(s.spot, e.fromAsset, new Big(e.fromAmount).neg());
        add(s.spot, e.toAsset, new Big(e.toAmount));
      });
    case 'dust':
      return fx(at, (s) => {
        for (const item of e.items) {
          add(s.spot, item.asset, new Big(item.amount).neg());
          add(s.spot, 'BNB', new Big(item.transferedAmount));
        }
      });
    default:
      return [];
  }
}

export interface TradeFigures {
  price: Big;
  qty: Big;
  quoteQty: Big;
  commission: Big;
  commissionAsset: string;
}

/** Price at the trade's time unless given; commission 0.1% of what is received unless given. */
export function tradeFigures(
  e: Extract<TimedEvent, { type: 'trade' }>,
  marketPrice: Big,
  m: Market,
): TradeFigures {
  const price = e.price ? new Big(e.price) : marketPrice;
  const qty = new Big(e.qty);
  const quoteQty = qty.times(price).round(8, Big.roundHalfEven);
  const commissionAsset = e.commissionAsset ?? (e.side === 'BUY' ? m.baseAsset : m.quoteAsset);
  const received = e.side === 'BUY' ? qty : quoteQty;
  const commission = e.commission
    ? new Big(e.commission)
    : received.times('0.001').round(8, Big.roundHalfEven);
  return { price, qty, quoteQty, commission, commissionAsset };
}

export function replay(initial: AccountState, effects: Effect[], t: number): AccountState {
  const s = cloneState(initial);
  for (const f of effects) {
    if (f.at > t) break;
    f.apply(s);
  }
  return s;
}
