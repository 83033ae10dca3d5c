/**
 * Server-clock estimate for signed requests: timestamp = local clock + offset, where the offset is measured from
 * GET /api/v3/time against the midpoint of the round trip (the server read its clock somewhere in between).
 */

export interface ServerClock {
  /** Estimated server time, epoch ms. */
  now(): number;
  /** Offset in ms (server − local); undefined before the first sync. */
  offset(): number | undefined;
  /** Measures the offset again. Concurrent callers share one measurement. */
  sync(signal?: AbortSignal): Promise<number>;
  /** Syncs once, the first time a signed request needs a timestamp. */
  ensureSynced(signal?: AbortSignal): Promise<void>;
}

export function createServerClock(
  fetchServerTime: (signal?: AbortSignal) => Promise<number>,
  localNow: () => number = Date.now,
): ServerClock {
  let offset: number | undefined;
  let pending: Promise<number> | undefined;

  async function measure(signal?: AbortSignal): Promise<number> {
    const sent = localNow();
    const serverTime = await fetchServerTime(signal);
    const received = localNow();
    offset = Math.round(serverTime - (sent + received) / 2);
    return offset;
  }

  function sync(signal?: AbortSignal): Promise<number> {
    pending ??= measure(signal).finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    now: () => localNow() + (offset ?? 0),
    offset: () => offset,
    sync,
    async ensureSynced(signal) {
      if (offset === undefined) await sync(signal);
    },
  };
}
