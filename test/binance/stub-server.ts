import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A recorded request as the stub saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  /** The raw query string, without '?'. */
  query: string;
  params: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface StubReply {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as is when a string, else JSON.stringify'd. */
  body?: unknown;
  /** Never answer (the client must time out). */
  hang?: boolean;
  /** Destroy the socket without an answer (connection reset). */
  reset?: boolean;
}

export type StubHandler = (request: SeenRequest) => StubReply | Promise<StubReply>;

export interface StubServer {
  url: string;
  requests: SeenRequest[];
  /** Requests to one path. */
  seen(path: string): SeenRequest[];
  close(): Promise<void>;
}

/** A loopback HTTP server answering with `handler`; /api/v3/time answers the real clock unless handled. */
export async function startStub(handler: StubHandler): Promise<StubServer> {
  const requests: SeenRequest[] = [];
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://stub');
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      params: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(seen);
    const reply = await handler(seen);
    if (reply.reset) {
      req.socket.destroy();
      return;
    }
    if (reply.hang) return;
    const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    seen: (path) => requests.filter((request) => request.path === path),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The default answer of a time endpoint. */
export function timeReply(offsetMs = 0): StubReply {
  return { body: { serverTime: Date.now() + offsetMs } };
}
