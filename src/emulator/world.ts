import { createPublicKey, type KeyObject } from 'node:crypto';
import { Big, round8 } from './decimal.ts';
import { buildPricePaths, type PricePath } from './prices.ts';
import type { AccountSpec, ParsedScenario, ScenarioEvent } from './scenario.ts';
import { type AccountState, type Effect, effectsOf, initialState, replay } from './state.ts';
import { type Market, marketsOf } from './symbols.ts';
import { placeEvents, type TimedEvent } from './timeline.ts';

/** An account as the emulator serves it: its scenario entry, its key and its events. */
export interface AccountRuntime {
  spec: AccountSpec;
  uid: number;
  email: string;
  createTime: number;
  publicKey: KeyObject | null;
  events: TimedEvent[];
  initial: AccountState;
  effects: Effect[];
  cache: { t: number; state: AccountState } | null;
}

const STABLES_TO_USDT = new Set(['USDT']);

/** The scenario made queryable: prices, statuses and account states at any instant. */
export class World {
  readonly scenario: ParsedScenario;
  readonly start: number;
  markets: Market[] = [];
  marketBySymbol = new Map<string, Market>();
  accounts = new Map<string, AccountRuntime>();
  byKey = new Map<string, AccountRuntime>();
  events: TimedEvent[] = [];
  private statusEvents: Extract<TimedEvent, { type: 'symbolStatus' }>[] = [];
  private paths = new Map<string, PricePath>();
  private priceCache = new Map<string, { t: number; p: Big }>();
  private extraEvents: ScenarioEvent[] = [];

  constructor(scenario: ParsedScenario) {
    this.scenario = scenario;
    this.start = Date.parse(scenario.start);
    this.rebuild();
  }

  addEvents(events: ScenarioEvent[]): void {
    for (const e of events) {
      if ('account' in e && !this.accounts.has(e.account)) throw new Error(`unknown account "${e.account}"`);
      if ('symbol' in e && e.type !== 'futuresIncome' && !this.marketBySymbol.has(e.symbol)) {
        throw new Error(`unknown symbol "${e.symbol}"`);
      }
    }
    this.extraEvents.push(...events);
    this.rebuild();
  }

  private rebuild(): void {
    const all = [...this.scenario.events, ...this.extraEvents];
    const scenario = { ...this.scenario, events: all };
    this.markets = marketsOf(scenario);
    this.marketBySymbol = new Map(this.markets.map((m) => [m.symbol, m]));
    this.paths = buildPricePaths(scenario, this.markets);
    this.priceCache.clear();
    this.events = placeEvents(all, 0).sort((a, b) => a.atMs - b.atMs || a.seq - b.seq);
    this.statusEvents = this.events.filter(
      (e): e is Extract<TimedEvent, { type: 'symbolStatus' }> => e.type === 'symbolStatus',
    );
    this.accounts.clear();
    this.byKey.clear();
    this.scenario.accounts.forEach((spec, i) => {
      const events = this.events.filter((e) => 'account' in e && e.account === spec.name);
      const effects = events
        .flatMap((e) => effectsOf(e, (s, t) => this.price(s, t), this.marketBySymbol))
        .sort((a, b) => a.at - b.at || a.seq - b.seq);
      const rt: AccountRuntime = {
        spec,
        uid: spec.uid ?? 354_937_868 + i * 7919,
        email: spec.email ?? `${spec.name}@example.com`,
        createTime: spec.createTime ? Date.parse(spec.createTime) : this.start - 86_400_000 * 365,
        publicKey: spec.keyType === 'ed25519' && spec.publicKey ? createPublicKey(spec.publicKey) : null,
        events,
        initial: initialState(spec, this.markets),
        effects,
        cache: null,
      };
      this.accounts.set(spec.name, rt);
      this.byKey.set(spec.apiKey, rt);
    });
  }

  price(symbol: string, t: number): Big {
    const cached = this.priceCache.get(symbol);
    if (cached && cached.t === t) return cached.p;
    const path = this.paths.get(symbol);
    if (!path) throw new Error(`no price path for ${symbol}`);
    const p = path.at(t);
    this.priceCache.set(symbol, { t, p });
    return p;
  }

  nodes(symbol: string, from: number, to: number): number[] {
    return this.paths.get(symbol)?.nodes(from, to) ?? [];
  }

  /** Trading status at t: the scenario's status, changed by symbolStatus events up to t. */
  status(symbol: string, t: number): string {
    let status = this.marketBySymbol.get(symbol)?.status ?? 'TRADING';
    for (const e of this.statusEvents) {
      if (e.atMs > t) break;
      if (e.symbol === symbol) status = e.status;
    }
    return status;
  }

  /** Units of `target` per unit of `asset` at t: direct pair, inverse pair, or through USDT; null if unpriced. */
  rate(asset: string, target: string, t: number): Big | null {
    if (asset === target) return new Big(1);
    const direct = this.marketBySymbol.has(asset + target) ? this.price(asset + target, t) : null;
    if (direct) return direct;
    if (this.marketBySymbol.has(target + asset)) {
      const inv = this.price(target + asset, t);
      return inv.eq(0) ? null : new Big(1).div(inv);
    }
    if (STABLES_TO_USDT.has(asset) || STABLES_TO_USDT.has(target)) return null;
    const a = this.rate(asset, 'USDT', t);
    const b = this.rate(target, 'USDT', t);
    return a && b && !b.eq(0) ? a.div(b) : null;
  }

  valueIn(asset: string, qty: Big, target: string, t: number): Big {
    const r = this.rate(asset, target, t);
    return r ? round8(qty.times(r)) : new Big(0);
  }

  state(account: AccountRuntime, t: number): AccountState {
    if (account.cache && account.cache.t === t) return account.cache.state;
    const state = replay(account.initial, account.effects, t);
    account.cache = { t, state };
    return state;
  }
}
