import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { scenarioEventSchema, type walletName } from './scenario-events.ts';
import { amount, asset, decimal, digits, iso, symbolName } from './scenario-fields.ts';

/** The scenario file: what the emulated exchange holds and what happens to it over time (docs/emulator.md). */

export { scenarioEventSchema } from './scenario-events.ts';

const holding = z.union(
  [
    amount,
    z
      .object({
        free: amount.optional(),
        locked: amount.optional(),
        freeze: amount.optional(),
        withdrawing: amount.optional(),
        borrowed: amount.optional(),
        interest: amount.optional(),
      })
      .strict(),
  ],
  { error: 'must be a decimal string like "0.5" or {free, locked, freeze, withdrawing, borrowed, interest}' },
);
const walletBalances = z.record(asset, holding);

const symbolSpec = z.union([
  symbolName,
  z
    .object({
      symbol: symbolName,
      baseAsset: asset.optional(),
      quoteAsset: asset.optional(),
      status: z.enum(['TRADING', 'BREAK', 'HALT', 'END_OF_DAY', 'PRE_TRADING', 'POST_TRADING']).optional(),
    })
    .strict(),
]);

const walk = z
  .object({
    start: amount,
    hourlyVol: z.number().min(0).max(1),
    seed: z.number().int(),
    drift: z.number().optional(),
    from: iso.optional(),
  })
  .strict();
const pricePath = z.union([
  z.array(z.tuple([iso, amount])).min(1, 'needs at least one [time, price] point'),
  z.object({ walk }).strict(),
]);

const position = z
  .object({
    symbol: z.string().regex(/^[A-Z0-9_]{2,40}$/, 'must be a contract symbol like BTCUSDT or BTCUSD_PERP'),
    amount: decimal,
    entryPrice: amount,
    leverage: z.number().int().min(1).max(125).optional(),
    marginAsset: asset.optional(),
    contractSize: amount.optional(),
  })
  .strict();
const futures = z
  .object({ wallet: z.record(asset, decimal).default({}), positions: z.array(position).default([]) })
  .strict();

const isolatedPair = z.object({ base: holding.optional(), quote: holding.optional() }).strict();

const lockedPosition = z
  .object({
    asset,
    amount,
    positionId: digits.optional(),
    duration: z.number().int().positive().optional(),
    apy: decimal.optional(),
  })
  .strict();

const permissions = z
  .object({
    enableReading: z.boolean().default(true),
    enableWithdrawals: z.boolean().default(false),
    enableInternalTransfer: z.boolean().default(false),
    enableMargin: z.boolean().default(false),
    enableFutures: z.boolean().default(false),
    enableSpotAndMarginTrading: z.boolean().default(false),
    enableVanillaOptions: z.boolean().default(false),
    enablePortfolioMarginTrading: z.boolean().default(false),
    permitsUniversalTransfer: z.boolean().default(false),
    enableFixApiTrade: z.boolean().default(false),
    enableFixReadOnly: z.boolean().default(false),
    ipRestrict: z.boolean().default(false),
  })
  .strict();

const walletSwitches = z
  .object({
    crossMargin: z.boolean().optional(),
    isolatedMargin: z.boolean().optional(),
    usdm: z.boolean().optional(),
    coinm: z.boolean().optional(),
  })
  .strict();

const account = z
  .object({
    name: z.string().min(1),
    apiKey: z.string().regex(/^[A-Za-z0-9]{1,128}$/, 'must be 1-128 letters or digits'),
    apiSecret: z.string().min(1).optional(),
    keyType: z.enum(['hmac', 'ed25519']).default('hmac'),
    publicKey: z.string().optional(),
    uid: z.number().int().positive().optional(),
    email: z.string().optional(),
    createTime: iso.optional(),
    permissions: permissions.default(permissions.parse({})),
    /** With `permissions.ipRestrict`, the only addresses the key is accepted from (default: loopback). */
    trustedIps: z.array(z.string().min(1)).min(1).optional(),
    wallets: walletSwitches.default({}),
    spot: walletBalances.default({}),
    funding: walletBalances.default({}),
    crossMargin: walletBalances.optional(),
    isolatedMargin: z.record(symbolName, isolatedPair).optional(),
    usdm: futures.optional(),
    coinm: futures.optional(),
    earnFlexible: z.record(asset, amount).default({}),
    earnLocked: z.union([z.record(asset, amount), z.array(lockedPosition)]).default({}),
  })
  .strict()
  .superRefine((a, ctx) => {
    if (a.keyType === 'hmac' && !a.apiSecret) {
      ctx.addIssue({ code: 'custom', path: ['apiSecret'], message: 'an hmac account needs apiSecret' });
    }
    if (a.keyType === 'ed25519' && !a.publicKey?.includes('BEGIN PUBLIC KEY')) {
      ctx.addIssue({
        code: 'custom',
        path: ['publicKey'],
        message: 'an ed25519 account needs publicKey (PEM)',
      });
    }
  });

const limits = z
  .object({
    api: z.number().int().positive().optional(),
    sapiIp: z.number().int().positive().optional(),
    sapiUid: z.number().int().positive().optional(),
    fapi: z.number().int().positive().optional(),
    dapi: z.number().int().positive().optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    start: iso,
    symbols: z.array(symbolSpec).min(1),
    prices: z.record(symbolName, pricePath).default({}),
    accounts: z.array(account).default([]),
    events: z.array(scenarioEventSchema).default([]),
    limits: limits.optional(),
  })
  .strict()
  .superRefine((s, ctx) => checkReferences(s, ctx));

export type Scenario = z.input<typeof scenarioSchema>;
export type ParsedScenario = z.output<typeof scenarioSchema>;
export type ScenarioEvent = z.output<typeof scenarioEventSchema>;
export type AccountSpec = ParsedScenario['accounts'][number];
export type HoldingSpec = z.output<typeof holding>;
export type FuturesSpec = z.output<typeof futures>;
export type PricePathSpec = z.output<typeof pricePath>;
export type SymbolSpec = z.output<typeof symbolSpec>;
export type WalletName = z.output<typeof walletName>;

function symbolOf(s: SymbolSpec): string {
  return typeof s === 'string' ? s : s.symbol;
}

function checkReferences(s: ParsedScenario, ctx: z.RefinementCtx): void {
  const symbols = new Set(s.symbols.map(symbolOf));
  const names = new Set<string>();
  const keys = new Set<string>();
  s.accounts.forEach((a, i) => {
    if (names.has(a.name))
      ctx.addIssue({
        code: 'custom',
        path: ['accounts', i, 'name'],
        message: `duplicate account name "${a.name}"`,
      });
    if (keys.has(a.apiKey))
      ctx.addIssue({ code: 'custom', path: ['accounts', i, 'apiKey'], message: 'duplicate apiKey' });
    names.add(a.name);
    keys.add(a.apiKey);
  });
  s.accounts.forEach((a, i) => {
    for (const sym of Object.keys(a.isolatedMargin ?? {})) {
      if (!symbols.has(sym)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', i, 'isolatedMargin', sym],
          message: `"${sym}" is not in symbols`,
        });
      }
    }
    (a.usdm?.positions ?? []).forEach((p, j) => {
      if (!symbols.has(p.symbol)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', i, 'usdm', 'positions', j, 'symbol'],
          message: `"${p.symbol}" is not in symbols`,
        });
      }
    });
  });
  for (const sym of Object.keys(s.prices)) {
    if (!symbols.has(sym))
      ctx.addIssue({
        code: 'custom',
        path: ['prices', sym],
        message: `price path for "${sym}", which is not in symbols`,
      });
  }
  s.events.forEach((e, i) => {
    if ('account' in e && !names.has(e.account)) {
      ctx.addIssue({
        code: 'custom',
        path: ['events', i, 'account'],
        message: `unknown account "${e.account}"`,
      });
    }
    if ('symbol' in e && e.type !== 'futuresIncome' && !symbols.has(e.symbol)) {
      ctx.addIssue({
        code: 'custom',
        path: ['events', i, 'symbol'],
        message: `unknown symbol "${e.symbol}"`,
      });
    }
  });
}

/** A scenario that failed validation: every problem with its path, e.g. `accounts.0.apiKey: ...`. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  readonly issues: string[];
  constructor(source: string, issues: string[]) {
    super(`invalid scenario ${source}:\n  ${issues.join('\n  ')}`);
    this.issues = issues;
  }
}

export function parseScenario(input: unknown, source = '(object)'): ParsedScenario {
  const result = scenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map(
    (i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`,
  );
  throw new ScenarioError(source, issues);
}

export function loadScenario(scenario: Scenario | string): ParsedScenario {
  if (typeof scenario !== 'string') return parseScenario(scenario);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(scenario, 'utf8'));
  } catch (err) {
    throw new ScenarioError(scenario, [(err as Error).message]);
  }
  return parseScenario(raw, scenario);
}

export function parseEvents(input: unknown): ScenarioEvent[] {
  const list = Array.isArray(input) ? input : [input];
  const result = z.array(scenarioEventSchema).safeParse(list);
  if (result.success) return result.data;
  throw new ScenarioError(
    '(events)',
    result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
  );
}
