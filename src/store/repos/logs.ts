import type { Selectable } from 'kysely';
import type { LogEntry, LogLevel, LogQuery, StoredLog } from '../records.ts';
import type { SystemLogsTable } from '../schema.ts';
import { chunks, INSERT_CHUNK, parseJson, type RepoContext } from './context.ts';

export interface SystemLogRepository {
  write(entries: LogEntry | LogEntry[]): Promise<void>;
  /** Newest first. */
  query(q?: LogQuery): Promise<StoredLog[]>;
  /** Deletes entries older than the retention (default: the store's, 30 days); returns how many went. */
  prune(retentionDays?: number, now?: number): Promise<number>;
}

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];
const DAY_MS = 86_400_000;

export function logRepository(ctx: RepoContext): SystemLogRepository {
  const { db } = ctx;
  return {
    write: (entries) =>
      ctx.run('writing system log', async () => {
        const list = Array.isArray(entries) ? entries : [entries];
        const now = Date.now();
        for (const batch of chunks(list, INSERT_CHUNK)) {
          await db
            .insertInto('system_logs')
            .values(
              batch.map((e) => ({
                ts: e.ts ?? now,
                level: e.level,
                component: e.component,
                account_id: e.accountId ?? null,
                operation: e.operation ?? null,
                message: e.message,
                data: e.data === undefined ? null : JSON.stringify(e.data),
                duration_ms: e.durationMs ?? null,
              })),
            )
            .execute();
        }
      }),
    query: (q = {}) =>
      ctx.run('reading system logs', async () => {
        let s = db.selectFrom('system_logs').selectAll();
        if (q.from !== undefined) s = s.where('ts', '>=', q.from);
        if (q.to !== undefined) s = s.where('ts', '<=', q.to);
        if (q.level) s = s.where('level', 'in', LEVELS.slice(LEVELS.indexOf(q.level)));
        if (q.component) s = s.where('component', '=', q.component);
        if (q.account) s = s.where('account_id', '=', q.account);
        const rows = await s
          .orderBy('ts', 'desc')
          .orderBy('id', 'desc')
          .limit(q.limit ?? 500)
          .execute();
        return rows.map(toStored);
      }),
    prune: (retentionDays = ctx.logRetentionDays, now = Date.now()) =>
      ctx.run('pruning system logs', async () => {
        const r = await db
          .deleteFrom('system_logs')
          .where('ts', '<', now - retentionDays * DAY_MS)
          .executeTakeFirst();
        return Number(r.numDeletedRows);
      }),
  };
}

function toStored(r: Selectable<SystemLogsTable>): StoredLog {
  return {
    id: Number(r.id),
    ts: Number(r.ts),
    level: r.level,
    component: r.component,
    accountId: r.account_id,
    operation: r.operation,
    message: r.message,
    data: parseJson<unknown>(r.data, null),
    durationMs: r.duration_ms === null ? null : Number(r.duration_ms),
  };
}
