import type { LockLease } from '../records.ts';
import type { RepoContext } from './context.ts';

/**
 * Named leases in a table: no session state, so they work through a transaction-mode pooler and across
 * processes. A holder must renew before expiry; an expired lease may be taken over by anyone.
 * Expiry uses the callers' clocks (processes sharing a store normally share a machine).
 */
export interface LockRepository {
  /** Takes the lock if free, expired, or already held by `holder` (then extends it). */
  acquire(name: string, holder: string, ttlMs: number, now?: number): Promise<boolean>;
  /** Extends a lease the holder still owns; false when it was lost. */
  renew(name: string, holder: string, ttlMs: number, now?: number): Promise<boolean>;
  release(name: string, holder: string): Promise<boolean>;
  get(name: string): Promise<LockLease | undefined>;
}

export function lockRepository(ctx: RepoContext): LockRepository {
  const { db } = ctx;
  return {
    acquire: (name, holder, ttlMs, now = Date.now()) =>
      ctx.run(`acquiring lock ${name}`, async () => {
        const r = await db
          .insertInto('locks')
          .values({ name, holder, expires_at: now + ttlMs })
          .onConflict((oc) =>
            oc
              .column('name')
              .doUpdateSet((eb) => ({
                holder: eb.ref('excluded.holder'),
                expires_at: eb.ref('excluded.expires_at'),
              }))
              .where((eb) => eb.or([eb('locks.expires_at', '<', now), eb('locks.holder', '=', holder)])),
          )
          .executeTakeFirst();
        return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
      }),
    renew: (name, holder, ttlMs, now = Date.now()) =>
      ctx.run(`renewing lock ${name}`, async () => {
        const r = await db
          .updateTable('locks')
          .set({ expires_at: now + ttlMs })
          .where('name', '=', name)
          .where('holder', '=', holder)
          .where('expires_at', '>=', now)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      }),
    release: (name, holder) =>
      ctx.run(`releasing lock ${name}`, async () => {
        const r = await db
          .deleteFrom('locks')
          .where('name', '=', name)
          .where('holder', '=', holder)
          .executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      }),
    get: (name) =>
      ctx.run(`reading lock ${name}`, async () => {
        const r = await db.selectFrom('locks').selectAll().where('name', '=', name).executeTakeFirst();
        return r && { name: r.name, holder: r.holder, expiresAt: Number(r.expires_at) };
      }),
  };
}
