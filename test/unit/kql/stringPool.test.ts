import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringPool } from '../../../src/kql/stringPool.js';

describe('StringPool', () => {
  it('gives one shared copy per distinct value, looked up by string or by ASCII bytes', () => {
    const pool = new StringPool(100);
    const bytes = Buffer.from('xx device-1 device-2 xx');
    const first = pool.ofAscii(bytes, 3, 11);
    assert.equal(first, 'device-1');
    assert.equal(pool.fresh, true);
    assert.equal(pool.ofString(['device', '1'].join('-')), first);
    assert.equal(pool.fresh, false);
    assert.equal(pool.ofAscii(bytes, 12, 20), 'device-2');
    assert.equal(pool.fresh, true);
    assert.equal(pool.ofAscii(Buffer.from('device-2'), 0, 8), 'device-2');
    assert.equal(pool.fresh, false);
    assert.equal(pool.size, 2);
  });

  it('keeps values apart that share a length or a prefix, and grows past its first table', () => {
    const pool = new StringPool(1 << 20);
    const values = Array.from({ length: 5000 }, (_, i) => `v${String(i).padStart(5, '0')}`);
    for (const v of values) pool.ofString(v);
    assert.equal(pool.size, 5000);
    const text = Buffer.from(values.join(''));
    values.forEach((v, i) => {
      assert.equal(pool.ofAscii(text, i * 6, i * 6 + 6), v);
      assert.equal(pool.fresh, false, v);
    });
    assert.equal(pool.ofString('Zürich'), 'Zürich');
    assert.equal(pool.ofString('Zürich'), 'Zürich');
    assert.equal(pool.size, 5001);
  });

  it('stops keeping new values at its capacity but still finds the kept ones', () => {
    const pool = new StringPool(2);
    pool.ofString('a');
    pool.ofString('b');
    assert.equal(pool.ofString('c'), 'c');
    assert.equal(pool.fresh, true);
    assert.equal(pool.ofString('c'), 'c');
    assert.equal(pool.fresh, true);
    assert.equal(pool.size, 2);
    pool.ofString('a');
    assert.equal(pool.fresh, false);
  });
});
