import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { shownDefault } from '../../src/cli/main.ts';
import { COMMANDS } from '../../src/cli/registry.ts';

/** `bpm --help` and `bpm <command> --help`, as a user runs them: a child process, exit code and stdout. */

const BIN = fileURLToPath(new URL('../../bin/bpm.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

async function bpm(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env } });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? 1, stdout: e.stdout ?? '' };
  }
}

test('bpm --help names every command with its summary and exits 0', async () => {
  const { code, stdout } = await bpm('--help');
  assert.equal(code, 0);
  for (const [name, entry] of Object.entries(COMMANDS)) {
    assert.match(stdout, new RegExp(`^  ${name} +${literal(entry.summary)}$`, 'm'), name);
  }
  assert.match(stdout, /--version/);
});

test('bpm without a command prints the help and exits 2; an unknown command exits 2', async () => {
  assert.equal((await bpm()).code, 2);
  assert.equal((await bpm('no-such-command')).code, 2);
  assert.equal((await bpm('help', 'no-such-command')).code, 2);
  assert.equal((await bpm('help')).code, 0);
});

for (const name of Object.keys(COMMANDS)) {
  test(`bpm ${name} --help: exits 0, shows usage and every option and subcommand`, async () => {
    const { command } = await COMMANDS[name]!.load();
    const { code, stdout } = await bpm(name, '--help');
    assert.equal(code, 0);
    assert.ok(stdout.startsWith(`${command.summary}\n`), 'the summary first');
    assert.match(stdout, new RegExp(`^Usage:\\n  bpm ${literal(name)}\\b`, 'm'));
    for (const [option, spec] of Object.entries(command.options)) {
      const line = stdout.split('\n').find((l) => new RegExp(`^  (-\\w, )?--${literal(option)}\\b`).test(l));
      assert.ok(line, `--${option} is listed`);
      assert.ok(line.includes(spec.description), `--${option} is described`);
      assert.ok(spec.description.trim().length > 0, `--${option} has a description`);
      if (typeof spec.default === 'string') {
        assert.ok(
          line.includes(`(default: ${shownDefault(spec.default, ROOT)})`),
          `--${option} shows its default`,
        );
        assert.ok(!line.includes(ROOT), `--${option}: no checkout path in the help`);
      }
    }
    for (const sub of Object.keys(command.subcommands ?? {})) {
      assert.match(stdout, new RegExp(`^  ${literal(sub)} +\\S`, 'm'), `subcommand ${sub}`);
    }
    assert.match(stdout, /^ {2}-h, --help +Show this help$/m);
    // `-h` and `bpm help <command>` print the same text.
    assert.equal((await bpm(name, '-h')).stdout, stdout);
    assert.equal((await bpm('help', name)).stdout, stdout);
  });
}

test('a default path inside the current directory is shown relative to it, elsewhere as it is', () => {
  assert.equal(shownDefault('/srv/bpm/scenarios/demo.json', '/srv/bpm'), 'scenarios/demo.json');
  assert.equal(shownDefault('/opt/other/demo.json', '/srv/bpm'), '/opt/other/demo.json');
  assert.equal(shownDefault('./data/demo.db', '/srv/bpm'), './data/demo.db');
  assert.equal(shownDefault('0', '/srv/bpm'), '0');
});

function literal(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
