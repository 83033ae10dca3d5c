import { fileURLToPath } from 'node:url';
import type { ChildCommand } from './child.ts';

/** bin/bpm.js of this installation: children run the same code as the scheduler. */
export const BPM_BIN = fileURLToPath(new URL('../../bin/bpm.js', import.meta.url));

export function collectCommand(env: NodeJS.ProcessEnv): (slotTs: number) => ChildCommand {
  return (slotTs) => ({
    command: process.execPath,
    args: [BPM_BIN, 'collect', '--at', new Date(slotTs).toISOString()],
    env,
  });
}

export function serveCommand(env: NodeJS.ProcessEnv, host: string, port: number): ChildCommand {
  return { command: process.execPath, args: [BPM_BIN, 'serve', '--port', String(port), '--host', host], env };
}
