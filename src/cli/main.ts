import { readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { type Command, type CommandContext, UsageError } from './command.ts';
import { COMMANDS } from './registry.ts';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`);
  return [
    'bpm: Binance Portfolio Monitor',
    '',
    'Usage: bpm <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options:',
    '  -h, --help     Show this help',
    '  -v, --version  Print the version',
    '',
    'Run `bpm <command> --help` (or `bpm help <command>`) for a command’s options.',
    'Configuration: environment variables and an optional config file, see docs/configuration.md.',
    '',
  ].join('\n');
}

/**
 * A default as the reader can use it: a path computed from the install location is shown relative to the
 * current directory when it lies inside it (`scenarios/demo.json`, not the checkout's absolute path).
 */
export function shownDefault(value: string | boolean, cwd = process.cwd()): string {
  const text = String(value);
  if (typeof value !== 'string' || !isAbsolute(text)) return text;
  const rel = relative(cwd, text);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? text : rel.split(sep).join('/');
}

export function commandHelp(cmd: Command): string {
  const out = [`${cmd.summary}`, '', 'Usage:', ...cmd.usage.map((u) => `  ${u}`)];
  if (cmd.description) out.push('', cmd.description);
  if (cmd.subcommands) {
    const w = Math.max(...Object.keys(cmd.subcommands).map((n) => n.length));
    out.push(
      '',
      'Subcommands:',
      ...Object.entries(cmd.subcommands).map(([n, s]) => `  ${n.padEnd(w)}  ${s}`),
    );
  }
  const opts = Object.entries(cmd.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.type === 'string' ? ` ${o.placeholder ?? 'VALUE'}` : ''}`;
    const def =
      o.default !== undefined && o.default !== false ? ` (default: ${shownDefault(o.default)})` : '';
    return [flag, `${o.description}${def}`] as const;
  });
  opts.push(['-h, --help', 'Show this help']);
  const w = Math.max(...opts.map(([f]) => f.length));
  out.push('', 'Options:', ...opts.map(([f, d]) => `  ${f.padEnd(w)}  ${d}`), '');
  return out.join('\n');
}

export async function main(argv: string[], signal: AbortSignal): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) {
      process.stdout.write(commandHelp((await COMMANDS[topic].load()).command));
      return 0;
    }
    if (topic !== undefined) {
      process.stderr.write(`bpm help: unknown command "${topic}"\n\n${mainHelp()}`);
      return 2;
    }
    process.stdout.write(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    process.stderr.write(`bpm: unknown command "${name}"\n\n${mainHelp()}`);
    return 2;
  }
  const { command } = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(commandHelp(command));
    return 0;
  }
  let ctx: CommandContext;
  try {
    const parsed = parseArgs({
      args: rest,
      options: Object.fromEntries(
        Object.entries(command.options).map(([k, o]) => [
          k,
          { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) },
        ]),
      ),
      allowPositionals: Boolean(command.allowPositionals || command.subcommands),
      strict: true,
    });
    const values = { ...parsed.values } as CommandContext['values'];
    for (const [k, o] of Object.entries(command.options)) {
      if (values[k] === undefined && o.default !== undefined) values[k] = o.default;
    }
    ctx = {
      values,
      positionals: parsed.positionals,
      env: process.env,
      stdout: process.stdout,
      stderr: process.stderr,
      signal,
    };
  } catch (err) {
    process.stderr.write(`bpm ${name}: ${(err as Error).message}\nRun \`bpm ${name} --help\` for usage.\n`);
    return 2;
  }
  if (command.subcommands) {
    const sub = ctx.positionals[0];
    if (sub === undefined || !(sub in command.subcommands)) {
      const what = sub === undefined ? 'a subcommand is required' : `unknown subcommand "${sub}"`;
      process.stderr.write(`bpm ${name}: ${what}\n\n${commandHelp(command)}`);
      return 2;
    }
  }
  try {
    return await command.run(ctx);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`bpm ${name}: ${err.message}\nRun \`bpm ${name} --help\` for usage.\n`);
      return 2;
    }
    const e = err as Error;
    process.stderr.write(`bpm ${name}: ${e.message}\n`);
    if (process.env.BPM_DEBUG) process.stderr.write(`${e.stack}\n`);
    return 1;
  }
}
