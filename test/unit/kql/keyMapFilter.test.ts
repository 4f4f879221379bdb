import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyMap } from '../../../src/kql/compile/keyMap.js';

/** KeyMap's filter only answers "absent" early: every answer must be what a plain Map gives. */
describe('KeyMap with many first-level keys', () => {
  const keys = Array.from({ length: 5000 }, (_, i) => `md5-${i.toString(16).padStart(28, '0')}`);

  it('finds every key added, and none of the many absent ones, however the filter is sized', () => {
    const built = new KeyMap([(i) => keys[i]]);
    for (let i = 0; i < 1500; i++) assert.equal(built.add(i), i);
    const probe = (s: string) => built.find([() => s], 0);
    keys.slice(0, 1500).forEach((k, i) => assert.equal(probe([...k].join('')), i, k));
    for (const k of keys.slice(1500)) assert.equal(probe(k), -1, k);
    // Keys added after the filter was built (some below the size that rebuilds it, then past it).
    for (let i = 1500; i < 5000; i++) {
      assert.equal(built.add(i), i);
      if (i % 500 === 0) keys.slice(0, i + 1).forEach((k, j) => assert.equal(probe(k), j, k));
    }
    keys.forEach((k, i) => assert.equal(probe(k), i, k));
    assert.equal(probe('x'.repeat(200)), -1);
    assert.equal(probe(''), -1);
  });

  it('keeps long keys that share their ends apart, and composite keys exact', () => {
    const long = Array.from({ length: 2000 }, (_, i) => `https://host.test/${'a'.repeat(40)}${i}${'b'.repeat(40)}`);
    const devices = long.map((_, i) => `dev-${i % 7}`);
    const built = new KeyMap([(i) => long[i], (i) => devices[i]]);
    long.forEach((_, i) => built.add(i));
    long.forEach((u, i) => {
      assert.equal(built.find([() => u, () => devices[i]], 0), i);
      assert.equal(built.find([() => u, () => 'dev-x'], 0), -1);
    });
    assert.equal(built.find([() => `https://host.test/${'a'.repeat(40)}x${'b'.repeat(40)}`, () => 'dev-0'], 0), -1);
  });

  it('gives up the filter when a first-level key is not a string, and still finds everything', () => {
    const values: unknown[] = [...keys.slice(0, 2000), 42, null, { a: 1 }];
    const built = new KeyMap([(i) => values[i]]);
    for (let i = 0; i < 2000; i++) built.add(i);
    assert.equal(built.find([() => keys[1999]], 0), 1999);
    assert.equal(built.find([() => 'absent'], 0), -1);
    built.add(2000);
    built.add(2002);
    assert.equal(built.find([() => 42], 0), 2000);
    assert.equal(built.find([() => ({ a: 1 })], 0), 2001);
    assert.equal(built.find([() => keys[7]], 0), 7);
    assert.equal(built.find([() => '42'], 0), -1);
  });
});
