import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A TCP port that was free on loopback a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** This process's environment without any setting that would point a child at another store or file. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^(BPM_|MONITOR_|DATABASE_URL$|BINANCE_)/.test(k)) env[k] = v;
  }
  return { ...env, ...extra };
}

/** The child's exit code, whether it has already exited or not. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => {
    if (child.exitCode !== null) r(child.exitCode);
    else child.once('exit', (code) => r(code));
  });
}
