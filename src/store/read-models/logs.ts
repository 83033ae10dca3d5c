/** System logs with the dashboard's filters. The free-form `data` column is returned as stored JSON text. */
import type { Kysely } from 'kysely';
import type { Database, SystemLogsTable } from '../schema.ts';

export type LogLevel = SystemLogsTable['level'];
export const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface LogRow {
  id: number;
  ts: number;
  level: LogLevel;
  component: string;
  accountId: string | null;
  operation: string | null;
  message: string;
  data: string | null;
  durationMs: number | null;
}

export interface LogFilter {
  /** Minimum level: `warn` returns warn and error. */
  level?: LogLevel;
  component?: string;
  accountId?: string;
  from?: number;
  to?: number;
  /** Only rows older than this id (paging backwards). */
  beforeId?: number;
  limit: number;
}

export async function listLogs(db: Kysely<Database>, f: LogFilter): Promise<LogRow[]> {
  let q = db.selectFrom('system_logs').selectAll();
  if (f.level) q = q.where('level', 'in', LOG_LEVELS.slice(LOG_LEVELS.indexOf(f.level)));
  if (f.component) q = q.where('component', '=', f.component);
  if (f.accountId) q = q.where('account_id', '=', f.accountId);
  if (f.from !== undefined) q = q.where('ts', '>=', f.from);
  if (f.to !== undefined) q = q.where('ts', '<=', f.to);
  if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
  const rows = await q.orderBy('ts', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => ({
    id: Number(r.id),
    ts: Number(r.ts),
    level: r.level,
    component: r.component,
    accountId: r.account_id,
    operation: r.operation,
    message: r.message,
    data: r.data,
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  }));
}

/** Distinct components, for the filter's choices. */
export async function logComponents(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('system_logs')
    .select('component')
    .distinct()
    .orderBy('component')
    .execute();
  return rows.map((r) => r.component);
}
