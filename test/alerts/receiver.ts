import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  body: unknown;
}

/** A local HTTP receiver standing in for a webhook endpoint and the Telegram Bot API. */
export async function startReceiver(status: (path: string) => number = () => 200): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let text = '';
    for await (const chunk of req) text += chunk;
    const path = req.url ?? '';
    received.push({ path, body: text ? JSON.parse(text) : null });
    const code = status(path);
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: code < 300 }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
