import type { Kysely } from 'kysely';
import { navPoints } from '../store/read-models/nav.ts';
import type { Database } from '../store/schema.ts';
import { countedFlows, enabledAccounts, lastSent, latestRunOutcomes, latestSnapshot } from './facts.ts';
import { drawdownAlert, failedRunsAlert, incompleteSnapshotAlert, underperformanceAlert } from './rules.ts';
import type { Alert, AlertChannel, AlertThresholds } from './types.ts';

/** Writes one system_logs entry (through the store's log repository). */
export type SystemLogWriter = (entry: {
  ts: number;
  level: 'info' | 'warn' | 'error';
  component: string;
  accountId: string | null;
  operation: string;
  message: string;
  data: Record<string, unknown>;
}) => Promise<void>;

export interface AlertNotifierOptions {
  db: Kysely<Database>;
  writeLog: SystemLogWriter;
  channels: AlertChannel[];
  thresholds: AlertThresholds;
  /** The same alert (kind and account) is sent at most once per this long. */
  repeatAfterMs: number;
}

export interface AlertCheckResult {
  sent: Alert[];
  /** Due, but sent less than repeatAfterMs ago. */
  suppressed: Alert[];
  /** Due, but no channel took it (it will be tried again after the next run). */
  undelivered: Array<{ alert: Alert; errors: string[] }>;
}

const YEAR_MS = 366 * 86_400_000;

/** Evaluates every alert rule against the store and notifies the channels, rate-limited per kind and account. */
export class AlertNotifier {
  readonly #o: AlertNotifierOptions;

  constructor(opts: AlertNotifierOptions) {
    this.#o = opts;
  }

  get enabled(): boolean {
    return this.#o.channels.length > 0;
  }

  async due(now: number): Promise<Alert[]> {
    const { db, thresholds: t } = this.#o;
    const alerts: Alert[] = [];
    const runs = failedRunsAlert(await latestRunOutcomes(db, t.failedRuns), t, now);
    if (runs) alerts.push(runs);
    const since = now - Math.max(YEAR_MS, t.underperformancePeriodMs + 86_400_000);
    for (const account of await enabledAccounts(db)) {
      const incomplete = incompleteSnapshotAlert(account, await latestSnapshot(db, account.id), now);
      if (incomplete) alerts.push(incomplete);
      const navs = await navPoints(db, account.id, since);
      const flows = await countedFlows(db, account.id, since);
      const dd = drawdownAlert(account, navs, flows, t, now);
      if (dd) alerts.push(dd);
      const under = underperformanceAlert(account, navs, flows, t, now);
      if (under) alerts.push(under);
    }
    return alerts;
  }

  async check(now: number): Promise<AlertCheckResult> {
    const result: AlertCheckResult = { sent: [], suppressed: [], undelivered: [] };
    if (!this.enabled) return result;
    for (const alert of await this.due(now)) {
      const last = await lastSent(this.#o.db, `sent:${alert.kind}`, alert.accountId);
      if (last !== null && now - last < this.#o.repeatAfterMs) {
        result.suppressed.push(alert);
        continue;
      }
      const errors: string[] = [];
      const delivered: string[] = [];
      for (const channel of this.#o.channels) {
        try {
          await channel.send(alert);
          delivered.push(channel.name);
        } catch (err) {
          errors.push((err as Error).message);
        }
      }
      if (delivered.length > 0) {
        await this.#o.writeLog({
          ts: now,
          level: 'warn',
          component: 'alerts',
          accountId: alert.accountId,
          operation: `sent:${alert.kind}`,
          message: alert.message,
          data: { channels: delivered, ...(errors.length ? { errors } : {}), ...alert.data },
        });
        result.sent.push(alert);
      } else {
        await this.#o.writeLog({
          ts: now,
          level: 'error',
          component: 'alerts',
          accountId: alert.accountId,
          operation: `undelivered:${alert.kind}`,
          message: `alert not delivered: ${alert.message}`,
          data: { errors },
        });
        result.undelivered.push({ alert, errors });
      }
    }
    return result;
  }
}
