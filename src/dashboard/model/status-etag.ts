/**
 * A cheap fingerprint of "has anything new landed": the newest run (and whether it finished) and every
 * account's data version. Pages poll /api/status with If-None-Match and refresh when it changes.
 */
import { createHash } from 'node:crypto';
import type { DashboardContext } from './context.ts';

export async function statusEtag(ctx: DashboardContext): Promise<string> {
  const [run, versions] = await Promise.all([ctx.latestRun(), ctx.versions()]);
  const parts = [
    run ? `${run.id}:${run.status}:${run.finishedAt ?? ''}` : 'norun',
    ...versions.map((v) => `${v.id}=${v.version}`),
  ];
  return `"${createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, 27)}"`;
}
