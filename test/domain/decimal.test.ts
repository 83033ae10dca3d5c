import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Big from 'big.js';
import {
  DecimalError,
  dec,
  divide,
  divideToPlaces,
  fmt,
  isDecimalText,
  sum,
} from '../../src/domain/decimal.ts';

describe('exact decimals', () => {
  it('parses Binance decimal strings and writes plain notation without trailing zeros', () => {
    assert.equal(fmt(dec('0.00150000')), '0.0015');
    assert.equal(fmt(dec('-12.5')), '-12.5');
    assert.equal(fmt(dec('0.00000001').times(dec('0.00000001'))), '0.0000000000000001');
    assert.equal(fmt(dec('123456789012345678901234567890')), '123456789012345678901234567890');
    assert.equal(fmt(dec('-0')), '0');
  });

  it('rejects exponents, blanks, NaN and non-strings', () => {
    for (const bad of ['1e5', '', ' 1', 'NaN', 'Infinity', '0x10', '1,5']) {
      assert.throws(() => dec(bad), DecimalError, bad);
      assert.equal(isDecimalText(bad), false);
    }
    assert.throws(() => dec(Number.NaN), DecimalError);
    assert.throws(() => dec(null as unknown as string), DecimalError);
  });

  it('sums exactly where floating point would not: 0.1 + 0.2 = 0.3', () => {
    assert.equal(fmt(sum([dec('0.1'), dec('0.2')])), '0.3');
  });

  it('leaves the global Big settings alone', () => {
    assert.equal(Big.DP, 20);
    assert.equal(Big.RM, 1);
  });
});

describe('quotients, one half-even rounding', () => {
  it('to 20 significant digits', () => {
    // 2/3 = 0.666…|6… rounds up; 1/3 rounds down; signs follow the operands.
    assert.equal(fmt(divide(dec('2'), dec('3'))), '0.66666666666666666667');
    assert.equal(fmt(divide(dec('1'), dec('3'))), '0.33333333333333333333');
    assert.equal(fmt(divide(dec('-1'), dec('7'))), '-0.14285714285714285714');
    // Large quotients keep 20 significant digits, not 20 decimals: 1 / 0.00000003 = 33333333.333333333333
    assert.equal(fmt(divide(dec('1'), dec('0.00000003'))), '33333333.333333333333');
    // Exact quotients stay exact.
    assert.equal(fmt(divide(dec('1'), dec('16000'))), '0.0000625');
  });

  it('ties go to even, but only real ties', () => {
    // 1.00000000000000000005 has 21 significant digits with a final 5: a real tie, to even (…0).
    assert.equal(fmt(divide(dec('1.00000000000000000005'), dec('1'))), '1');
    // …15 → …2 (even).
    assert.equal(fmt(divide(dec('1.00000000000000000015'), dec('1'))), '1.0000000000000000002');
    // Just above a tie rounds up.
    assert.equal(fmt(divide(dec('1.000000000000000000050001'), dec('1'))), '1.0000000000000000001');
  });

  it('to a number of decimal places', () => {
    assert.equal(fmt(divideToPlaces(dec('1'), dec('8'), 2)), '0.12'); // 0.125 → even 0.12
    assert.equal(fmt(divideToPlaces(dec('3'), dec('8'), 2)), '0.38'); // 0.375 → even 0.38
    assert.equal(fmt(divideToPlaces(dec('0.125000001'), dec('1'), 2)), '0.13');
    assert.equal(fmt(divideToPlaces(dec('-2'), dec('3'), 18)), '-0.666666666666666667');
  });

  it('division by zero is an error', () => {
    assert.throws(() => divide(dec('1'), dec('0')), RangeError);
  });
});
