import { createLogger } from '../../scheduler/logger.ts';
import { BINANCE_OPTIONS, instantOption, openWorkerEnvironment } from '../../worker/cli-support.ts';
import { runCollect } from '../../worker/run.ts';
import { summaryLine } from '../../worker/run-log.ts';
import { type Command, STORE_OPTIONS, stringOption } from '../command.ts';

export const command: Command = {
  name: 'collect',
  summary: 'One worker run: snapshot every account now (or --at a time)',
  usage: ['bpm collect [--account NAME] [--at ISO] [--concurrency N] [--base-url URL] [--db PATH]'],
  description: [
    'Reads every enabled account once: prices are fetched once for the run, accounts are collected in',
    'parallel (bounded by --concurrency), each account’s wallets in parallel. Each account’s snapshot, holdings,',
    'flows, benchmark and prices are committed in one transaction. A second run in the same slot changes',
    'nothing. Prints one line per account; exits 1 when any account failed or its snapshot is incomplete.',
    'The slot is the top of the hour at or before --at (default now). See docs/worker.md.',
  ].join('\n'),
  options: {
    account: { type: 'string', placeholder: 'NAME', description: 'Collect only this account' },
    at: {
      type: 'string',
      placeholder: 'ISO',
      description: 'Run as of this instant (the slot is the top of its hour); default now',
    },
    concurrency: {
      type: 'string',
      placeholder: 'N',
      description: 'Accounts collected in parallel (default 4, or BPM_CONCURRENCY)',
    },
    ...BINANCE_OPTIONS,
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const at = instantOption(ctx, 'at');
    const env = await openWorkerEnvironment(ctx);
    const logger = createLogger({ level: env.config.log.level, stream: ctx.stderr }).child({
      component: 'worker',
    });
    try {
      const summary = await runCollect({
        store: env.store,
        clientFactory: env.clientFactory,
        ...(at !== undefined ? { at } : {}),
        ...(stringOption(ctx.values, 'account') !== undefined
          ? { accountName: stringOption(ctx.values, 'account') }
          : {}),
        concurrency: env.config.concurrency,
        firstScanDays: env.config.lookbackDays,
        logger,
        signal: ctx.signal,
      });
      // A cron-driven `bpm collect` has no daemon to keep system_logs within retention.
      await env.store.logs.prune(env.config.log.retentionDays);
      for (const r of summary.accounts) ctx.stdout.write(`${summaryLine(r)}\n`);
      if (summary.error) ctx.stderr.write(`bpm collect: ${summary.error}\n`);
      if (summary.accounts.length === 0 && !summary.error)
        ctx.stdout.write('no enabled account to collect\n');
      return summary.exitCode;
    } finally {
      await env.store.close();
    }
  },
};
