import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertSameShape, numberText, parseExact, shapeDiff, shapeOf } from './shape.ts';

test('numbers keep their exact literal, beyond 2^53 too', () => {
  const v = parseExact('{"orderId":940708407462087195,"x":[1.50]}') as { orderId: unknown; x: unknown[] };
  assert.equal(numberText(v.orderId), '940708407462087195');
  assert.equal(numberText(v.x[0]), '1.50');
});

test('a string is not a number, and a missing or extra field is reported with its path', () => {
  assert.deepEqual(shapeDiff(shapeOf('{"a":"1"}'), shapeOf('{"a":1}')), ['$.a: expected string, got number']);
  assert.deepEqual(shapeDiff(shapeOf('{"a":[{"b":1,"c":true}]}'), shapeOf('{"a":[{"b":2,"d":true}]}')), [
    '$.a[].c: missing in response',
    '$.a[].d: not in fixture',
  ]);
  assert.throws(() => assertSameShape('[{"a":1}]', '[]'), /response array is empty/);
  assert.doesNotThrow(() => assertSameShape('[{"a":1}]', '[{"a":2},{"zzz":1}]'));
});

test('map-like objects compare their values, not their keys', () => {
  const opts = { mapPaths: ['$.m'] };
  assert.deepEqual(shapeDiff(shapeOf('{"m":{"1":"0.6","2":"0.6"}}'), shapeOf('{"m":{"7":"1"}}'), opts), []);
  assert.deepEqual(shapeDiff(shapeOf('{"m":{"1":"0.6"}}'), shapeOf('{"m":{"7":1}}'), opts), [
    '$.m{}: expected string, got number',
  ]);
});
