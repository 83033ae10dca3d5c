/**
 * Server-clock estimate for signed requests: timestamp = local clock + offset, where the offset is measured from
 * GET /api/v3/time against the midpoint of the round trip (the server read its clock somewhere in between).
 */

export type ServerTimeReader = (signal?: AbortSignal) => Promise<number>;

export interface ServerClock {
  /** Estimated server time, epoch ms. */
  now(): number;
  /** Offset in ms (server − local); undefined before the first sync. */
  offset(): number | undefined;
  /**
   * Measures the offset again. Concurrent callers share one measurement; a caller's abort ends its own wait
   * without cancelling the measurement the others wait for.
   */
  sync(read: ServerTimeReader, signal?: AbortSignal): Promise<number>;
  /** Syncs once, the first time a signed request needs a timestamp. */
  ensureSynced(read: ServerTimeReader, signal?: AbortSignal): Promise<void>;
}

export function createServerClock(localNow: () => number = Date.now): ServerClock {
  let offset: number | undefined;
  let pending: Promise<number> | undefined;

  async function measure(read: ServerTimeReader): Promise<number> {
    const sent = localNow();
    const serverTime = await read();
    const received = localNow();
    offset = Math.round(serverTime - (sent + received) / 2);
    return offset;
  }

  function sync(read: ServerTimeReader, signal?: AbortSignal): Promise<number> {
    pending ??= measure(read).finally(() => {
      pending = undefined;
    });
    return signal === undefined ? pending : untilAborted(pending, signal);
  }

  return {
    now: () => localNow() + (offset ?? 0),
    offset: () => offset,
    sync,
    async ensureSynced(read, signal) {
      if (offset === undefined) await sync(read, signal);
    },
  };
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

const processClocks = new Map<string, ServerClock>();

/**
 * One clock per server (keyed by the api host's base URL) for the whole process: the offset belongs to the
 * server, so every account's client reuses one measurement instead of spending a round trip each.
 */
export function sharedServerClock(apiBase: string): ServerClock {
  let clock = processClocks.get(apiBase);
  if (clock === undefined) {
    clock = createServerClock();
    processClocks.set(apiBase, clock);
  }
  return clock;
}
