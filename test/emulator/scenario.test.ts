import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadScenario, parseScenario, ScenarioError } from '../../src/emulator/index.ts';
import { issueScenario } from './scenarios.ts';

test('the issue scenario core is accepted as written', () => {
  const s = parseScenario(issueScenario());
  assert.equal(s.accounts[0]?.name, 'alpha');
  assert.equal(s.events.length, 3);
});

test('the demo scenario is valid', () => {
  const s = loadScenario(new URL('../../scenarios/demo.json', import.meta.url).pathname);
  assert.equal(s.accounts.length, 2);
});

function issuesOf(input: unknown): string[] {
  try {
    parseScenario(input);
  } catch (err) {
    assert.ok(err instanceof ScenarioError);
    return err.issues;
  }
  assert.fail('scenario was accepted');
}

test('validation errors name the path and say what is wrong', () => {
  const s = issueScenario() as { events: unknown[]; accounts: Record<string, unknown>[] };
  s.events.push({ type: 'deposit', at: 'yesterday', account: 'beta', coin: 'usdt', amount: '-1' });
  s.accounts[0]!.spot = { BTC: 0.5 };
  const issues = issuesOf(s);
  assert.ok(issues.includes('events.3.at: must be an ISO time like 2026-01-05T00:00:00Z'), issues.join('\n'));
  assert.ok(issues.includes('events.3.coin: must be an upper-case asset code'));
  assert.ok(issues.includes('events.3.amount: must be a non-negative decimal string like "12.5"'));
  assert.ok(
    issues.includes(
      'accounts.0.spot.BTC: must be a decimal string like "0.5" or {free, locked, freeze, withdrawing, borrowed, interest}',
    ),
    issues.join('\n'),
  );
});

test('references are checked once the shapes are valid: unknown accounts and symbols', () => {
  const s = issueScenario() as { events: unknown[] };
  s.events.push({ type: 'deposit', at: '2026-01-05T00:00:00Z', account: 'beta', coin: 'USDT', amount: '1' });
  s.events.push({
    type: 'trade',
    at: '2026-01-05T00:00:00Z',
    account: 'alpha',
    symbol: 'XRPUSDT',
    side: 'BUY',
    qty: '1',
  });
  assert.deepEqual(issuesOf(s), [
    'events.3.account: unknown account "beta"',
    'events.4.symbol: unknown symbol "XRPUSDT"',
  ]);
});

test('unknown event types and missing secrets are refused', () => {
  const s = issueScenario() as Record<string, unknown> & {
    accounts: Record<string, unknown>[];
    events: unknown[];
  };
  s.events.push({ type: 'airdrop', at: '2026-01-05T00:00:00Z', account: 'alpha' });
  s.accounts.push({ name: 'gamma', apiKey: 'k3' });
  s.accounts.push({ name: 'delta', apiKey: 'k4', keyType: 'ed25519' });
  const issues = issuesOf(s);
  assert.ok(
    issues.some((i) => i.startsWith('events.3.type: Invalid discriminator value')),
    issues.join('\n'),
  );
  assert.ok(issues.includes('accounts.1.apiSecret: an hmac account needs apiSecret'));
  assert.ok(issues.includes('accounts.2.publicKey: an ed25519 account needs publicKey (PEM)'));
});

test('duplicate keys and price paths for unlisted symbols are refused', () => {
  const s = issueScenario() as Record<string, unknown> & { accounts: Record<string, unknown>[] };
  s.accounts.push({ ...s.accounts[0], name: 'beta' });
  (s.prices as Record<string, unknown>).XRPUSDT = [['2026-01-05T00:00:00Z', '1']];
  const issues = issuesOf(s);
  assert.ok(issues.includes('accounts.1.apiKey: duplicate apiKey'), issues.join('\n'));
  assert.ok(issues.includes('prices.XRPUSDT: price path for "XRPUSDT", which is not in symbols'));
});

test('a file that is not JSON names the file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpm-scenario-'));
  try {
    const file = join(dir, 'bad.json');
    writeFileSync(file, '{ nope');
    assert.throws(
      () => loadScenario(file),
      (err: Error) => err instanceof ScenarioError && err.message.includes(file),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ids that Binance sends as numbers must be digits', () => {
  const s = issueScenario() as { events: Record<string, unknown>[] };
  s.events[2]!.id = 'tx-1';
  assert.deepEqual(issuesOf(s), ['events.2.id: must be digits (Binance sends this id as a number)']);
});
