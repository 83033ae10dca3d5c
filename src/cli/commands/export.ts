import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { parseInstant } from '../../domain/periods.ts';
import { type ExportFormat, type ExportWhat, exportData } from '../../store/export.ts';
import { openStore } from '../../store/index.ts';
import { type Command, type OptionValues, STORE_OPTIONS, stringOption, UsageError } from '../command.ts';
import { commandStoreOptions } from './db.ts';

const FORMATS: ExportFormat[] = ['csv', 'json'];
const WHATS: ExportWhat[] = ['nav', 'flows', 'holdings'];

export const command: Command = {
  name: 'export',
  summary: 'Export NAV history, flows and holdings as CSV or JSON',
  usage: [
    'bpm export --format csv|json [--what nav|flows|holdings] [--account NAME] [--from ISO] [--to ISO] [--out FILE]',
  ],
  description: [
    'Writes stored facts as they are: exact decimals, ISO-8601 UTC times. NAV rows include incomplete snapshots',
    '(status column) so the export is a full audit trail. --from/--to are inclusive; without --out, stdout.',
  ].join('\n'),
  options: {
    format: { type: 'string', placeholder: 'csv|json', description: 'Output format', default: 'csv' },
    what: {
      type: 'string',
      placeholder: 'nav|flows|holdings',
      description: 'What to export',
      default: 'nav',
    },
    account: { type: 'string', placeholder: 'NAME', description: 'One account (default: all)' },
    from: { type: 'string', placeholder: 'ISO', description: 'From this instant (inclusive)' },
    to: { type: 'string', placeholder: 'ISO', description: 'Up to this instant (inclusive)' },
    out: { type: 'string', placeholder: 'FILE', description: 'Write to FILE instead of stdout' },
    ...STORE_OPTIONS,
  },
  async run(ctx) {
    const format = oneOf(ctx.values, 'format', FORMATS);
    const what = oneOf(ctx.values, 'what', WHATS);
    const from = instant(ctx.values, 'from');
    const to = instant(ctx.values, 'to');
    if (from !== undefined && to !== undefined && from > to) throw new UsageError('--from is after --to');
    const account = stringOption(ctx.values, 'account');
    if (account === '') throw new UsageError('--account needs a name');
    const outPath = stringOption(ctx.values, 'out');
    const store = await openStore(commandStoreOptions(ctx));
    try {
      const out = outPath ? createWriteStream(outPath) : ctx.stdout;
      const rows = await exportData(store, { what, format, account, from, to }, out);
      if (outPath) {
        (out as NodeJS.WritableStream & { end(): void }).end();
        await finished(out as never);
        ctx.stderr.write(`wrote ${rows} ${what} rows to ${outPath}\n`);
      }
    } finally {
      await store.close();
    }
    return 0;
  },
};

function oneOf<T extends string>(values: OptionValues, name: string, allowed: T[]): T {
  const v = stringOption(values, name);
  if (v === undefined || !allowed.includes(v as T)) {
    throw new UsageError(
      `--${name} must be one of ${allowed.join(', ')}${v === undefined ? '' : `, got "${v}"`}`,
    );
  }
  return v as T;
}

function instant(values: OptionValues, name: string): number | undefined {
  const v = stringOption(values, name);
  if (v === undefined) return undefined;
  const ms = parseInstant(v);
  if (ms === null)
    throw new UsageError(`--${name} must be an ISO-8601 instant such as 2026-01-05T10:00Z, got "${v}"`);
  return ms;
}
