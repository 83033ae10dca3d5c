import { readFileSync } from 'node:fs';
import Big from 'big.js';
import type { BenchmarkConfig, PerformanceFeeConfig } from '../../domain/types.ts';
import { DEFAULT_BENCHMARK } from '../../domain/types.ts';
import {
  addAccount,
  checkAccount,
  removeAccount,
  setAccountEnabled,
  walletSummary,
} from '../../worker/account-service.ts';
import {
  parseFeePeriod,
  parseFeeRate,
  setAccountBenchmark,
  setAccountFee,
} from '../../worker/account-settings.ts';
import { formatBenchmark, parseBenchmarkAssets, parseRebalanceRule } from '../../worker/benchmark-spec.ts';
import {
  BINANCE_OPTIONS,
  instantOption,
  openWorkerEnvironment,
  type WorkerEnvironment,
} from '../../worker/cli-support.ts';
import { WorkerError } from '../../worker/errors.ts';
import { loadRunMarket } from '../../worker/run-market.ts';
import {
  type Command,
  type CommandContext,
  requiredOption,
  STORE_OPTIONS,
  stringOption,
  UsageError,
} from '../command.ts';

function oneName(ctx: CommandContext): string {
  const [, name, extra] = ctx.positionals;
  if (name === undefined || name === '')
    throw new UsageError(`bpm account ${ctx.positionals[0]} needs an account NAME`);
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
  return name;
}

function credentialsOf(ctx: CommandContext): { secret: string; keyType: 'hmac' | 'ed25519' } {
  const secret = stringOption(ctx.values, 'api-secret');
  const keyFile = stringOption(ctx.values, 'ed25519-key-file');
  if ((secret === undefined) === (keyFile === undefined)) {
    throw new UsageError('give exactly one of --api-secret (HMAC key) or --ed25519-key-file (Ed25519 key)');
  }
  if (secret !== undefined) {
    if (secret.trim() === '') throw new UsageError('--api-secret is empty');
    return { secret, keyType: 'hmac' };
  }
  let pem: string;
  try {
    pem = readFileSync(keyFile as string, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --ed25519-key-file: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  if (!pem.includes('PRIVATE KEY')) throw new UsageError('--ed25519-key-file is not a PEM private key');
  return { secret: pem, keyType: 'ed25519' };
}

function benchmarkOf(ctx: CommandContext): BenchmarkConfig {
  const spec = stringOption(ctx.values, 'benchmark');
  const rule = stringOption(ctx.values, 'rebalance');
  try {
    return {
      assets: spec === undefined ? DEFAULT_BENCHMARK.assets : parseBenchmarkAssets(spec),
      rebalance: rule === undefined ? DEFAULT_BENCHMARK.rebalance : parseRebalanceRule(rule),
    };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** `add --base-url URL` (already checked as an http(s) URL by the settings): kept as the account's own. */
function baseUrlOf(ctx: CommandContext): string | null {
  const text = stringOption(ctx.values, 'base-url');
  return text === undefined ? null : text.replace(/\/+$/, '');
}

async function add(ctx: CommandContext, env: WorkerEnvironment): Promise<number> {
  if (ctx.positionals.length > 1) throw new UsageError('bpm account add takes --name, not a positional NAME');
  const name = requiredOption(ctx.values, 'name');
  const apiKey = requiredOption(ctx.values, 'api-key');
  const { secret, keyType } = credentialsOf(ctx);
  const benchmark = benchmarkOf(ctx);
  const at = instantOption(ctx, 'at');
  const result = await addAccount(
    { store: env.store, clientFactory: env.clientFactory, signal: ctx.signal },
    {
      name,
      apiKey,
      secret,
      keyType,
      subAccountOf: stringOption(ctx.values, 'sub-account-of') ?? null,
      allowUnsafeKey: ctx.values['allow-unsafe-key'] === true,
      benchmark,
      backfill: ctx.values['no-backfill'] !== true,
      baseUrl: baseUrlOf(ctx),
      ...(at !== undefined ? { at } : {}),
    },
  );
  for (const w of result.warnings) ctx.stderr.write(`warning: ${w}\n`);
  ctx.stdout.write(
    `added account ${result.account.name} (wallets: ${walletSummary(result.wallets)}; benchmark ${formatBenchmark(benchmark)})\n`,
  );
  const b = result.backfill;
  if (b) {
    const span = b.firstTs === null ? '' : ` from ${new Date(b.firstTs).toISOString().slice(0, 10)}`;
    ctx.stdout.write(
      `backfill: ${b.points} daily points${span} (${b.complete} complete), ${b.flowsCounted} flows counted\n`,
    );
  }
  return 0;
}

async function list(ctx: CommandContext, env: WorkerEnvironment): Promise<number> {
  const accounts = await env.store.accounts.list();
  if (accounts.length === 0) {
    ctx.stdout.write('no accounts; add one with `bpm account add`\n');
    return 0;
  }
  const rows = await Promise.all(
    accounts.map(async (a) => {
      const [benchmark, latest] = await Promise.all([
        env.store.benchmarks.get(a.id),
        env.store.nav.latest(a.id),
      ]);
      return [
        a.name,
        a.enabled ? 'enabled' : 'disabled',
        a.subAccountOf ? `sub of ${a.subAccountOf}` : '-',
        walletSummary(a.wallets),
        formatBenchmark(benchmark?.config ?? DEFAULT_BENCHMARK),
        latest ? `${new Date(latest.ts).toISOString()} ${latest.status}` : 'never collected',
      ];
    }),
  );
  const header = ['NAME', 'STATE', 'SUB-ACCOUNT', 'WALLETS', 'BENCHMARK', 'LAST SNAPSHOT'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  for (const r of [header, ...rows])
    ctx.stdout.write(
      `${r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd()}\n`,
    );
  return 0;
}

async function check(ctx: CommandContext, env: WorkerEnvironment): Promise<number> {
  const c = await checkAccount(
    { store: env.store, clientFactory: env.clientFactory, signal: ctx.signal },
    oneName(ctx),
  );
  const out = (line: string) => ctx.stdout.write(`${line}\n`);
  out(`account ${c.account.name}`);
  out(`  clock skew: ${c.clockSkewMs} ms (Binance minus local; round trip ${c.roundTripMs} ms)`);
  out(
    `  key: reading=${c.permissions.reading} trading=${c.permissions.trading} withdrawals=${c.permissions.withdrawals} ip-restricted=${c.permissions.ipRestricted}`,
  );
  for (const w of c.warnings) out(`  warning: ${w}`);
  for (const r of c.reads)
    out(`  wallet ${r.wallet}: ${r.status === 'failed' ? `FAILED (${r.error})` : r.status}`);
  out('  weight per snapshot:');
  for (const w of c.weights)
    out(`    ${w.endpoint.padEnd(48)} ${String(w.weight).padStart(6)} of ${w.budget}/min (${w.limit})`);
  out(
    `  at most ${Math.floor(c.maxAccountsPerMinute.accounts)} accounts per minute (bound by ${c.maxAccountsPerMinute.bindingBudget})`,
  );
  if (Math.abs(c.clockSkewMs) > 1000) {
    out(
      `  warning: clocks differ by ${c.clockSkewMs} ms; signed requests are corrected by the measured offset`,
    );
  }
  return c.reads.some((r) => r.status === 'failed') ? 1 : 0;
}

/** `fee NAME --rate R [--period P] [--alpha-only]`, or `fee NAME --off`. */
function feeOf(ctx: CommandContext): PerformanceFeeConfig | null {
  const rate = stringOption(ctx.values, 'rate');
  const period = stringOption(ctx.values, 'period');
  const alphaOnly = ctx.values['alpha-only'] === true;
  if (ctx.values.off === true) {
    if (rate !== undefined || period !== undefined || alphaOnly) {
      throw new UsageError('--off takes no --rate, --period or --alpha-only');
    }
    return null;
  }
  if (rate === undefined) throw new UsageError('bpm account fee needs --rate (e.g. 0.2 for 20 %) or --off');
  try {
    return {
      rate: parseFeeRate(rate),
      period: period === undefined ? 'monthly' : parseFeePeriod(period),
      alphaOnly,
    };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function fee(ctx: CommandContext, env: WorkerEnvironment): Promise<number> {
  const name = oneName(ctx);
  const config = feeOf(ctx);
  await setAccountFee(env.store, name, config);
  ctx.stdout.write(
    config === null
      ? `account ${name}: no performance fee (periods already accrued are kept)\n`
      : `account ${name}: performance fee ${new Big(config.rate).times(100).toFixed()} % ${config.period}${config.alphaOnly ? ', only on positive alpha' : ''}; accrued after each run\n`,
  );
  return 0;
}

async function benchmark(ctx: CommandContext, env: WorkerEnvironment): Promise<number> {
  const name = oneName(ctx);
  if (
    stringOption(ctx.values, 'benchmark') === undefined &&
    stringOption(ctx.values, 'rebalance') === undefined
  ) {
    throw new UsageError('bpm account benchmark needs --benchmark SPEC and/or --rebalance RULE');
  }
  const current = await env.store.accounts.byName(name);
  const stored = current ? await env.store.benchmarks.get(current.id) : undefined;
  const base = stored?.config ?? DEFAULT_BENCHMARK;
  const spec = stringOption(ctx.values, 'benchmark');
  const rule = stringOption(ctx.values, 'rebalance');
  let config: BenchmarkConfig;
  try {
    config = {
      assets: spec === undefined ? base.assets : parseBenchmarkAssets(spec),
      rebalance: rule === undefined ? base.rebalance : parseRebalanceRule(rule),
    };
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // Priced through the run's route (process-wide base URL), as every run will price it.
  const market = await loadRunMarket(env.clientFactory(), {}, ctx.signal);
  const r = await setAccountBenchmark(env.store, name, config, (asset) => market.router.usd(asset) !== null);
  const what = `account ${name}: benchmark ${formatBenchmark(config)}`;
  if (!r.changed) ctx.stdout.write(`${what} (unchanged)\n`);
  else if (r.hasHistory)
    ctx.stdout.write(`${what}; the next run replays the whole history with it from the first snapshot\n`);
  else ctx.stdout.write(`${what}; it starts at the first complete snapshot\n`);
  return 0;
}

export const command: Command = {
  name: 'account',
  summary: 'Add, list, check, enable, disable or remove Binance accounts; set their fee and benchmark',
  usage: [
    'bpm account add --name NAME --api-key KEY (--api-secret SECRET | --ed25519-key-file FILE)',
    '                [--sub-account-of MASTER] [--base-url URL] [--allow-unsafe-key]',
    '                [--benchmark BTC:0.5,ETH:0.5] [--rebalance weekly] [--no-backfill]',
    'bpm account list',
    'bpm account check NAME',
    'bpm account enable NAME | disable NAME | remove NAME',
    'bpm account fee NAME --rate 0.2 [--period monthly|quarterly|yearly] [--alpha-only]',
    'bpm account fee NAME --off',
    'bpm account benchmark NAME [--benchmark BTC:0.5,ETH:0.5] [--rebalance weekly]',
  ],
  description: [
    '`add` checks the key with Binance (a key that can withdraw is refused unless --allow-unsafe-key), finds',
    'which wallets the account has, stores the account with its secret encrypted, and builds 30 days of daily',
    "history (unless --no-backfill). With --base-url, `add` also keeps that URL as the account's own Binance base",
    'URL: it is collected and checked there, whatever BINANCE_BASE_URL says. `check` measures clock skew and',
    'shows permissions, wallets and the request weight of one snapshot. `remove` deletes the account with all its',
    'history. `fee` sets (or with --off removes) the performance fee, accrued after every run. `benchmark` changes',
    "the benchmark's assets, weights or rebalancing: the next run replays the whole history with it from the",
    'first snapshot and rewrites the stored benchmark values. See docs/worker.md.',
  ].join('\n'),
  subcommands: {
    add: 'Add an account (checks the key and wallets, backfills 30 days)',
    list: 'List accounts',
    check: 'Check an account: clock skew, key permissions, wallets, weight per snapshot',
    enable: 'Collect the account again',
    disable: 'Stop collecting the account (its history is kept)',
    remove: 'Delete the account and all its history',
    fee: 'Set or remove the performance fee (rate, period, alpha only)',
    benchmark: "Change the benchmark's assets, weights or rebalancing (history replayed by the next run)",
  },
  options: {
    name: { type: 'string', placeholder: 'NAME', description: 'Account name (add)' },
    'api-key': { type: 'string', placeholder: 'KEY', description: 'Binance API key (add)' },
    'api-secret': { type: 'string', placeholder: 'SECRET', description: 'HMAC API secret (add)' },
    'ed25519-key-file': {
      type: 'string',
      placeholder: 'FILE',
      description: 'PEM file of an Ed25519 private key, instead of --api-secret (add)',
    },
    'sub-account-of': {
      type: 'string',
      placeholder: 'MASTER',
      description: 'The account is a sub-account of MASTER: its transfers with the master are flows (add)',
    },
    'allow-unsafe-key': { type: 'boolean', description: 'Accept a key that can withdraw funds (add)' },
    benchmark: {
      type: 'string',
      placeholder: 'SPEC',
      description:
        'Benchmark assets and weights summing to 1, e.g. BTC:0.5,ETH:0.5 (add, benchmark; default BTC/ETH 50/50)',
    },
    rebalance: {
      type: 'string',
      placeholder: 'RULE',
      description:
        'Benchmark rebalancing: none, daily, weekly (Monday 17:00 UTC) or monthly (add, benchmark; default weekly)',
    },
    rate: {
      type: 'string',
      placeholder: 'RATE',
      description: 'Performance fee as a fraction, e.g. 0.2 (fee)',
    },
    period: {
      type: 'string',
      placeholder: 'PERIOD',
      description: 'Fee period: monthly, quarterly or yearly (fee; default monthly)',
    },
    'alpha-only': { type: 'boolean', description: "Charge only when the period's alpha is positive (fee)" },
    off: { type: 'boolean', description: 'Remove the performance fee (fee)' },
    'no-backfill': { type: 'boolean', description: 'Do not build the last 30 days of history (add)' },
    at: { type: 'string', placeholder: 'ISO', description: 'Backfill as of this instant (add; default now)' },
    ...BINANCE_OPTIONS,
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const sub = ctx.positionals[0];
    const env = await openWorkerEnvironment(ctx);
    try {
      switch (sub) {
        case 'add':
          return await add(ctx, env);
        case 'list':
          return await list(ctx, env);
        case 'check':
          return await check(ctx, env);
        case 'remove':
          await removeAccount(env.store, oneName(ctx));
          ctx.stdout.write(`removed account ${ctx.positionals[1]} and its history\n`);
          return 0;
        case 'fee':
          return await fee(ctx, env);
        case 'benchmark':
          return await benchmark(ctx, env);
        case 'enable':
        case 'disable':
          await setAccountEnabled(env.store, oneName(ctx), sub === 'enable');
          ctx.stdout.write(`account ${ctx.positionals[1]} ${sub}d\n`);
          return 0;
        default:
          throw new UsageError(`unknown subcommand "${sub}"`);
      }
    } catch (err) {
      if (err instanceof WorkerError) {
        ctx.stderr.write(`bpm account ${sub}: ${err.message}\n`);
        return 1;
      }
      throw err;
    } finally {
      await env.store.close();
    }
  },
};
