import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The emulator's request handler, as the HTTP server calls it. */
export type EmulatorHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** The loopback address the HTTP server would see: the IP rate limits are keyed by it. */
const LOOPBACK = '127.0.0.1';

type Listener = (...args: unknown[]) => void;

/** The few events the handlers use ('data', 'end', 'error', 'close'), without a stream behind them. */
class Events {
  readonly #listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    const list = this.#listeners.get(event);
    if (list) list.push(listener);
    else this.#listeners.set(event, [listener]);
    return this;
  }

  once(event: string, listener: Listener): this {
    return this.on(event, listener);
  }

  emit(event: string, ...args: unknown[]): boolean {
    const list = this.#listeners.get(event);
    if (!list) return false;
    this.#listeners.delete(event);
    for (const listener of list) listener(...args);
    return true;
  }
}

/** The part of an IncomingMessage the handlers read: method, headers, the peer's address, and an empty body. */
class InProcessRequest extends Events {
  readonly method: string;
  readonly headers: Record<string, string>;
  readonly socket = { remoteAddress: LOOPBACK };

  constructor(method: string, headers: Record<string, string>) {
    super();
    this.method = method;
    this.headers = headers;
  }

  destroy(): void {}
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The part of a ServerResponse the handlers write: one writeHead and one end, or destroy. */
class InProcessResponse extends Events {
  writableEnded = false;
  destroyed = false;
  #status = 200;
  #headers: Record<string, string> = {};
  readonly #done: (answer: Answer) => void;
  readonly #lost: (err: Error) => void;

  constructor(done: (answer: Answer) => void, lost: (err: Error) => void) {
    super();
    this.#done = done;
    this.#lost = lost;
  }

  writeHead(status: number, headers: OutgoingHttpHeaders = {}): this {
    this.#status = status;
    for (const k in headers) {
      const v = headers[k];
      if (v !== undefined) this.#headers[k] = String(v);
    }
    return this;
  }

  end(body = ''): this {
    if (this.writableEnded || this.destroyed) return this;
    this.writableEnded = true;
    this.#done({ status: this.#status, headers: this.#headers, body });
    this.emit('close');
    return this;
  }

  destroy(): this {
    if (this.writableEnded || this.destroyed) return this;
    this.destroyed = true;
    this.#lost(new TypeError('fetch failed', { cause: new Error('socket hang up') }));
    this.emit('close');
    return this;
  }
}

/**
 * What the caller receives: a Response's status, headers and body. A full Response would wrap the text in a
 * stream only to read it back; this one hands the text over as it is.
 */
class InProcessAnswer {
  readonly status: number;
  readonly statusText = '';
  readonly ok: boolean;
  readonly headers: Headers;
  readonly url: string;
  readonly redirected = false;
  readonly type = 'basic';
  #body: string | null;

  constructor(url: string, answer: Answer) {
    this.url = url;
    this.status = answer.status;
    this.ok = answer.status >= 200 && answer.status < 300;
    this.headers = new Headers(answer.headers);
    this.#body = answer.body;
  }

  get bodyUsed(): boolean {
    return this.#body === null;
  }

  async text(): Promise<string> {
    if (this.#body === null) throw new TypeError('Body is unusable: Body has already been read');
    const body = this.#body;
    this.#body = null;
    return body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }
}

/** Request headers with lower-case names, as node's IncomingMessage has them. */
function headersOf(init: RequestInit | undefined): Record<string, string> {
  const given = init?.headers;
  const out: Record<string, string> = {};
  if (given === undefined) return out;
  if (given instanceof Headers || Array.isArray(given)) {
    for (const [k, v] of new Headers(given)) out[k] = v;
    return out;
  }
  for (const k in given) {
    const v = given[k];
    if (v !== undefined) out[k.toLowerCase()] = v;
  }
  return out;
}

/**
 * A fetch for a process that runs the emulator itself (`bpm demo`): requests to `origin` are answered by the
 * emulator's own handler without a socket, so each exchange costs no TCP and no HTTP parsing on either side.
 * The client sees the same status, headers and body as over loopback HTTP; the handler sees the same method,
 * path, query, API key header and peer address, so signatures, rate limits and faults apply unchanged. Held
 * answers (the timeout fault) wait for the caller's signal, as over a socket. Requests with a body and other
 * URLs go to `fallback`.
 */
export function inProcessFetch(
  origin: string,
  handle: EmulatorHandler,
  fallback: typeof fetch = fetch,
): typeof fetch {
  const prefix = `${origin}/`;
  return (input, init) => {
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : null;
    if (href === null || !href.startsWith(prefix) || (init?.body !== undefined && init.body !== null)) {
      return fallback(input, init);
    }
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const { promise, resolve, reject } = Promise.withResolvers<Answer>();
    const req = new InProcessRequest((init?.method ?? 'GET').toUpperCase(), headersOf(init));
    const res = new InProcessResponse(resolve, reject);
    handle(req as unknown as IncomingMessage, res as unknown as ServerResponse, new URL(href));
    const toResponse = (answer: Answer) => new InProcessAnswer(href, answer) as unknown as Response;
    // Most answers are written before handle() returns: nothing is left for the signal to abort.
    if (res.writableEnded || res.destroyed) return promise.then(toResponse);
    // The body is empty: it ends once a handler reading it has subscribed.
    queueMicrotask(() => req.emit('end'));
    const onAbort = () => reject(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    return promise.then(
      (answer) => {
        signal?.removeEventListener('abort', onAbort);
        return toResponse(answer);
      },
      (err: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        throw err;
      },
    );
  };
}
