import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xirr, YEAR_MS } from '../../src/domain/xirr.ts';

function close(actual: number | null, expected: number, tol = 1e-10): void {
  assert.ok(actual !== null, `expected ${expected}, got null`);
  assert.ok(Math.abs(actual - expected) <= tol, `expected ${expected}, got ${actual}`);
}

describe('xirr (money-weighted return, annualized)', () => {
  it('no flows over one year: 100 → 110 is 10 %', () => {
    close(xirr({ a: 0, b: YEAR_MS, va: 100, vb: 110, flowTs: [], flowValue: [] }), 0.1);
  });

  it('no flows over half a year: (1 + r)^0.5 = 1.1 → r = 0.21', () => {
    close(xirr({ a: 0, b: YEAR_MS / 2, va: 100, vb: 110, flowTs: [], flowValue: [] }), 0.21);
  });

  it('a mid-year deposit (deposits positive)', () => {
    // 100·(1+r) + 100·(1+r)^0.5 = 220; y = √(1+r): y² + y − 2.2 = 0 → y = (−1 + √9.8)/2
    const y = (-1 + Math.sqrt(9.8)) / 2;
    const r = xirr({ a: 0, b: YEAR_MS, va: 100, vb: 220, flowTs: [YEAR_MS / 2], flowValue: [100] });
    close(r, y * y - 1);
  });

  it('a withdrawal is negative', () => {
    // 100·(1+r) − 50·(1+r)^0.5 = 60 → y² − 0.5y − 0.6 = 0 → y = (0.5 + √2.65)/2
    const y = (0.5 + Math.sqrt(2.65)) / 2;
    const r = xirr({ a: 0, b: YEAR_MS, va: 100, vb: 60, flowTs: [YEAR_MS / 2], flowValue: [-50] });
    close(r, y * y - 1);
  });

  it('a loss and a starting balance of zero', () => {
    close(xirr({ a: 0, b: YEAR_MS, va: 100, vb: 80, flowTs: [], flowValue: [] }), -0.2);
    // 0 at a, 100 deposited at 0.5 y, 121 at b: 100·(1+r)^0.5 = 121 → r = 1.21² − 1 = 0.4641
    close(xirr({ a: 0, b: YEAR_MS, va: 0, vb: 121, flowTs: [YEAR_MS / 2], flowValue: [100] }), 0.4641);
  });

  it('null when there is no solution or no time', () => {
    assert.equal(xirr({ a: 0, b: YEAR_MS, va: 0, vb: 10, flowTs: [], flowValue: [] }), null);
    assert.equal(xirr({ a: 0, b: YEAR_MS, va: 100, vb: -5, flowTs: [], flowValue: [] }), null);
    assert.equal(xirr({ a: 5, b: 5, va: 100, vb: 110, flowTs: [], flowValue: [] }), null);
  });

  it('uses only the flows in [from, to)', () => {
    const r = xirr({
      a: 0,
      b: YEAR_MS,
      va: 100,
      vb: 110,
      flowTs: [1, YEAR_MS / 2],
      flowValue: [5, 7],
      from: 2,
      to: 2,
    });
    close(r, 0.1);
  });
});
