import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The `bpm` entry point, run as a user runs it: a separate Node process. */
export const BPM = new URL('../../bin/bpm.js', import.meta.url).pathname;

const run = promisify(execFile);

export interface BpmResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `bpm ...args` with exactly `env`, returning its exit code and output instead of throwing. */
export async function runBpm(args: readonly string[], env: NodeJS.ProcessEnv): Promise<BpmResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BPM, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
