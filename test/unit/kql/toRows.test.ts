import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from './fixtures.js';

describe('result rows', () => {
  it('hold every column in order, a column named __proto__ as a plain value', () => {
    const r = run(`print d = parse_json('{"__proto__": {"polluted": 1}, "a": 2, "constructor": 3}') | evaluate bag_unpack(d)`);
    assert.equal(r.rows.length, 1);
    const row = r.rows[0];
    assert.equal(Object.getPrototypeOf(row), Object.prototype);
    assert.deepEqual(Object.keys(row).sort(), ['__proto__', 'a', 'constructor']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(row, '__proto__')?.value, { polluted: 1 });
    assert.equal((row as { polluted?: unknown }).polluted, undefined);
    assert.equal(row.a, 2);
  });

  it('are separate objects with the columns in schema order', () => {
    const r = run('range i from 1 to 3 step 1 | extend b = i * 2, a = tostring(i)');
    assert.deepEqual(r.rows, [
      { i: 1, b: 2, a: '1' },
      { i: 2, b: 4, a: '2' },
      { i: 3, b: 6, a: '3' },
    ]);
    r.rows[0].b = 99;
    assert.equal(r.rows[1].b, 4);
    assert.deepEqual(Object.keys(r.rows[2]), ['i', 'b', 'a']);
  });
});
