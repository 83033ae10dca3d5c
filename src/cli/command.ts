/** The shape every `bpm` command module exports as `command`; main.ts turns it into parsing and --help. */

export interface OptionSpec {
  type: 'string' | 'boolean';
  description: string;
  short?: string;
  /** Shown in help after the flag, e.g. NAME, ISO, FILE. */
  placeholder?: string;
  default?: string | boolean;
  multiple?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted on SIGINT/SIGTERM for long-running commands. */
  signal: AbortSignal;
}

export interface Command {
  name: string;
  summary: string;
  /** One or more usage lines, e.g. "bpm collect [--account NAME] [--at ISO]". */
  usage: string[];
  /** Longer explanation printed by --help. */
  description?: string;
  options: Record<string, OptionSpec>;
  /** For commands with subcommands (e.g. `bpm db migrate`): subcommand -> summary. */
  subcommands?: Record<string, string>;
  /** Whether free positional arguments are accepted (subcommands always are). */
  allowPositionals?: boolean;
  /** Returns the process exit code. */
  run(ctx: CommandContext): Promise<number>;
}

/** A mistake in how the command was called: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Options shared by every command that opens the store. */
export const STORE_OPTIONS: Record<string, OptionSpec> = {
  db: {
    type: 'string',
    placeholder: 'PATH',
    description:
      'SQLite database file (default ./data/monitor.db, or MONITOR_DB). Ignored when DATABASE_URL is set.',
  },
};

/** The --config option of every command that reads the settings. */
export const CONFIG_OPTIONS: Record<string, OptionSpec> = {
  config: {
    type: 'string',
    placeholder: 'FILE',
    description: 'JSON config file (default BPM_CONFIG, else ./bpm.config.json if present)',
  },
};

export function stringOption(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw new UsageError(`--${name} needs a value`);
  return v;
}

export function requiredOption(values: OptionValues, name: string): string {
  const v = stringOption(values, name);
  if (v === undefined || v === '') throw new UsageError(`--${name} is required`);
  return v;
}
