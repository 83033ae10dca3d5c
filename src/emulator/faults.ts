import { z } from 'zod';

/** Faults injected through the control API, matched per endpoint (or "*") and optionally per account. */

export const faultSchema = z
  .object({
    endpoint: z.string().min(1),
    account: z.string().optional(),
    kind: z.enum(['latency', '5xx', '429', '418', 'timeout', 'malformed', 'clock_skew', 'revoked_key']),
    ms: z.number().int().optional(),
    count: z.number().int().positive().optional(),
  })
  .strict();

export type FaultSpec = z.output<typeof faultSchema>;

interface ActiveFault extends FaultSpec {
  remaining: number;
}

export class FaultBook {
  private faults: ActiveFault[] = [];

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.count ?? Number.POSITIVE_INFINITY });
  }

  /** Remove faults matching the filter (all when it is empty); returns how many were removed. */
  remove(filter: Partial<Pick<FaultSpec, 'endpoint' | 'account' | 'kind'>>): number {
    const before = this.faults.length;
    this.faults = this.faults.filter(
      (f) =>
        !(
          (filter.endpoint === undefined || f.endpoint === filter.endpoint) &&
          (filter.account === undefined || f.account === filter.account) &&
          (filter.kind === undefined || f.kind === filter.kind)
        ),
    );
    return before - this.faults.length;
  }

  list(): FaultSpec[] {
    return this.faults.map(({ remaining, ...f }) => ({
      ...f,
      ...(Number.isFinite(remaining) ? { count: remaining } : {}),
    }));
  }

  /** The faults that apply to this request, each counted as applied once. */
  take(endpoint: string, account: string | undefined): FaultSpec[] {
    const hits = this.faults.filter(
      (f) =>
        (f.endpoint === '*' || f.endpoint === endpoint) && (f.account === undefined || f.account === account),
    );
    for (const f of hits) f.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return hits;
  }
}
