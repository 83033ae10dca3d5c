import { type ChildProcess, spawn } from 'node:child_process';

/** A command line to start: injectable so tests can use small scripts instead of `bpm collect` / `bpm serve`. */
export interface ChildCommand {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartedChild {
  readonly pid: number | undefined;
  readonly exited: Promise<ChildExit>;
  /** The last bytes the child wrote to stderr: the reason of a failure, usually. */
  stderrTail(): string;
  /** SIGTERM, then SIGKILL if still alive after killAfterMs; resolves when it has exited. */
  terminate(killAfterMs: number): Promise<ChildExit>;
}

export interface StartChildOptions {
  /**
   * In its own process group, so a Ctrl-C aimed at the scheduler does not reach it and a run in progress can
   * finish within the grace period.
   */
  detached?: boolean;
  /** Where the child's stdout and stderr are copied (default: this process's). */
  stdout?: NodeJS.WritableStream;
  stderr?: NodeJS.WritableStream;
}

const TAIL_BYTES = 2000;

export function startChild(cmd: ChildCommand, opts: StartChildOptions = {}): StartedChild {
  const child: ChildProcess = spawn(cmd.command, cmd.args, {
    cwd: cmd.cwd,
    env: cmd.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
  let tail = '';
  child.stdout?.on('data', (chunk: Buffer) => (opts.stdout ?? process.stdout).write(chunk));
  child.stderr?.on('data', (chunk: Buffer) => {
    (opts.stderr ?? process.stderr).write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-TAIL_BYTES);
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('error', (err) => {
      tail = `${tail}${err.message}`.slice(-TAIL_BYTES);
      resolve({ code: null, signal: null });
    });
    // 'close' waits for stdio to drain, so the tail is complete when the exit is reported.
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  let done = false;
  void exited.then(() => {
    done = true;
  });
  return {
    pid: child.pid,
    exited,
    stderrTail: () => tail.trim(),
    async terminate(killAfterMs) {
      if (done) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!done) child.kill('SIGKILL');
      }, killAfterMs);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
}
