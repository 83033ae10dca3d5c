/** Time windows and pages: how long histories are read within Binance's per-call limits. */

export interface TimeRange {
  startTime: number;
  endTime: number;
}

export const DAY_MS = 86_400_000;

/** Consecutive windows covering [startTime, endTime] (both inclusive), each with endTime − startTime < maxSpanMs. */
export function splitRange(range: TimeRange, maxSpanMs: number): TimeRange[] {
  if (!(range.endTime >= range.startTime)) {
    throw new RangeError(`time range ends (${range.endTime}) before it starts (${range.startTime})`);
  }
  const windows: TimeRange[] = [];
  for (let start = range.startTime; start <= range.endTime; start += maxSpanMs) {
    windows.push({ startTime: start, endTime: Math.min(start + maxSpanMs - 1, range.endTime) });
  }
  return windows;
}

export interface Page<T> {
  items: T[];
  /** Total the server reports over all pages, when it does. */
  total?: number;
}

/** Follows numbered pages (from 1) until the total is reached or a page comes back short. */
export async function collectPages<T>(
  pageSize: number,
  fetchPage: (page: number) => Promise<Page<T>>,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 1; ; page += 1) {
    const { items, total } = await fetchPage(page);
    all.push(...items);
    if (items.length < pageSize || (total !== undefined && all.length >= total)) return all;
  }
}

/** Follows offset pages (offset = rows already read) until a page comes back short. */
export async function collectOffsets<T>(
  limit: number,
  fetchPage: (offset: number) => Promise<T[]>,
): Promise<T[]> {
  const all: T[] = [];
  for (;;) {
    const items = await fetchPage(all.length);
    all.push(...items);
    if (items.length < limit) return all;
  }
}

/**
 * For endpoints with a row limit and no paging: a window that comes back full is split in two and each half
 * read again, until every window holds fewer rows than the limit (or is a single millisecond).
 */
export async function collectBisecting<T>(
  range: TimeRange,
  limit: number,
  fetchWindow: (window: TimeRange) => Promise<T[]>,
): Promise<T[]> {
  const items = await fetchWindow(range);
  if (items.length < limit || range.endTime <= range.startTime) return items;
  const middle = Math.floor((range.startTime + range.endTime) / 2);
  const first = await collectBisecting({ startTime: range.startTime, endTime: middle }, limit, fetchWindow);
  const second = await collectBisecting(
    { startTime: middle + 1, endTime: range.endTime },
    limit,
    fetchWindow,
  );
  return [...first, ...second];
}

/** Drops repeats of the same id (a row can show up twice when pages shift under new records). */
export function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
