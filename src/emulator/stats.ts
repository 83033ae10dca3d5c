/** Request counts and weight spent, per endpoint and per account, for benchmarks and tests. */

interface Counter {
  requests: number;
  weight: number;
  statuses: Record<string, number>;
}

function counter(): Counter {
  return { requests: 0, weight: 0, statuses: {} };
}

export class Stats {
  private endpoints = new Map<string, Counter>();
  private accounts = new Map<string, Counter & { endpoints: Record<string, number> }>();
  private total = counter();

  record(endpoint: string, account: string | undefined, weight: number, status: number): void {
    const bump = (c: Counter) => {
      c.requests += 1;
      c.weight += weight;
      c.statuses[status] = (c.statuses[status] ?? 0) + 1;
    };
    bump(this.total);
    const e = this.endpoints.get(endpoint) ?? counter();
    this.endpoints.set(endpoint, e);
    bump(e);
    if (account !== undefined) {
      const a = this.accounts.get(account) ?? { ...counter(), endpoints: {} };
      this.accounts.set(account, a);
      bump(a);
      a.endpoints[endpoint] = (a.endpoints[endpoint] ?? 0) + 1;
    }
  }

  snapshot(): object {
    const sorted = <T>(m: Map<string, T>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
    return { total: this.total, endpoints: sorted(this.endpoints), accounts: sorted(this.accounts) };
  }

  reset(): void {
    this.endpoints.clear();
    this.accounts.clear();
    this.total = counter();
  }
}
