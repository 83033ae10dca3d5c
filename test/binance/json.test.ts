import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parseBinanceJson } from '../../src/binance/json.ts';

const FIXTURES = '/work/shared/fixtures/binance';

test('integers beyond 2^53 stay exact as strings; safe numbers and decimals are untouched', () => {
  const body = parseBinanceJson(
    '{"tranId":8082457372019390060,"neg":-9007199254740993,"safe":9007199254740991,"time":1661493146000,"rate":0.05,"big":1e300,"s":"0.1"}',
  );
  assert.deepEqual(body, {
    tranId: '8082457372019390060',
    neg: '-9007199254740993',
    safe: 9007199254740991,
    time: 1661493146000,
    rate: 0.05,
    big: 1e300,
    s: '0.1',
  });
});

test('convert orderId 940708407462087195 survives parsing (JSON.parse alone rounds it)', () => {
  const text = readFileSync(`${FIXTURES}/GET_sapi_v1_convert_tradeFlow.json`, 'utf8');
  const plain = JSON.parse(text) as { list: { orderId: number }[] };
  assert.equal(String(plain.list[0]?.orderId), '940708407462087200');
  const exact = parseBinanceJson(text) as { list: { orderId: string; createTime: number }[] };
  assert.equal(exact.list[0]?.orderId, '940708407462087195');
  assert.equal(exact.list[0]?.createTime, 1624248872184);
});

test('malformed JSON throws', () => {
  assert.throws(() => parseBinanceJson('{"a":'), SyntaxError);
});
