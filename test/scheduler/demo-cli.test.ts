/** `bpm demo` on the command line: its help names every option in the usage line. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const BPM = fileURLToPath(new URL('../../bin/bpm.js', import.meta.url));

describe('bpm demo --help', () => {
  it('shows every option in the usage line, --scenario FILE included', () => {
    const help = execFileSync(process.execPath, [BPM, 'demo', '--help'], { encoding: 'utf8' });
    const usage = help.split('\n').find((l) => l.includes('bpm demo ['));
    assert.ok(usage, help);
    for (const option of ['--port', '--host', '--days', '--live-every', '--db PATH', '--scenario FILE']) {
      assert.ok(usage.includes(option), `${option} missing from: ${usage}`);
    }
  });
});
