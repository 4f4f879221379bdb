import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyMap } from '../../../src/kql/compile/keyMap.js';

/** KeyMap's filter only answers "absent" early: every answer must be what a plain Map gives. */
for (const flat of [false, true]) describe(`KeyMap with many first-level keys${flat ? ', flat (a join build side)' : ''}`, () => {
  const keys = Array.from({ length: 5000 }, (_, i) => `md5-${i.toString(16).padStart(28, '0')}`);

  it('finds every key added, and none of the many absent ones, however the filter is sized', () => {
    const built = new KeyMap([(i) => keys[i]], flat);
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
    const built = new KeyMap([(i) => long[i], (i) => devices[i]], flat);
    long.forEach((_, i) => built.add(i));
    long.forEach((u, i) => {
      assert.equal(built.find([() => u, () => devices[i]], 0), i);
      assert.equal(built.find([() => u, () => 'dev-x'], 0), -1);
    });
    assert.equal(built.find([() => `https://host.test/${'a'.repeat(40)}x${'b'.repeat(40)}`, () => 'dev-0'], 0), -1);
  });

  it('gives up the filter when a first-level key is not a string, and still finds everything', () => {
    const values: unknown[] = [...keys.slice(0, 2000), 42, null, { a: 1 }];
    const built = new KeyMap([(i) => values[i]], flat);
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

/** A join's build side keeps keys of strings in typed arrays until a part is not a string (StringKeys). */
describe('KeyMap flat keys', () => {
  const devices = Array.from({ length: 3000 }, (_, i) => `dev-${i % 500}`);
  const urls = Array.from({ length: 3000 }, (_, i) => `https://h${i % 700}.test/f${i % 11}`);

  it('gives the ids a Map of whole keys gives, for two-part keys with repeats, and -1 for every absent or non-string part', () => {
    const flat = new KeyMap([(i) => devices[i], (i) => urls[i]], true);
    const whole = new Map<string, number>();
    for (let i = 0; i < devices.length; i++) {
      const k = `${devices[i]}\u0000${urls[i]}`;
      if (!whole.has(k)) whole.set(k, whole.size);
      assert.equal(flat.add(i), whole.get(k));
    }
    assert.equal(flat.size, whole.size);
    // Copies, not the same string objects: compared by content.
    for (let i = 0; i < devices.length; i++) assert.equal(flat.find([() => [...devices[i]].join(''), () => [...urls[i]].join('')], 0), whole.get(`${devices[i]}\u0000${urls[i]}`));
    assert.equal(flat.find([() => 'dev-1', () => 'https://h2.test/f3'], 0), whole.get('dev-1\u0000https://h2.test/f3') ?? -1);
    assert.equal(flat.find([() => 'dev-1', () => 'https://absent.test/'], 0), -1);
    assert.equal(flat.find([() => 'dev-1', () => 7], 0), -1);
    assert.equal(flat.find([() => null, () => urls[0]], 0), -1);
    // The parts' boundary is part of the key: "ab"+"c" is not "a"+"bc".
    const split = new KeyMap([(i) => ['ab', 'a'][i], (i) => ['c', 'bc'][i]], true);
    assert.equal(split.add(0), 0);
    assert.equal(split.add(1), 1);
  });

  it('moves its keys into Maps, ids kept, when a part that is not a string is added', () => {
    const values: unknown[] = [...urls.slice(0, 2500), 42, { a: [1] }, urls[3], 42n, true];
    const map = new KeyMap([(i) => values[i]], true);
    const ids = values.map((_, i) => map.add(i));
    const firstSeen = new Map<unknown, number>();
    values.forEach((v, i) => {
      const k = v !== null && typeof v === 'object' ? JSON.stringify(v) : v;
      if (!firstSeen.has(k)) firstSeen.set(k, firstSeen.size);
      assert.equal(ids[i], firstSeen.get(k), String(v));
    });
    assert.equal(map.find([() => urls[699]], 0), ids[699]);
    assert.equal(map.find([() => 42], 0), ids[2500]);
    assert.equal(map.find([() => ({ a: [1] })], 0), ids[2501]);
    assert.equal(map.find([() => '42'], 0), -1);
    assert.equal(map.find([() => 'https://absent.test/'], 0), -1);
  });

  it('finds a one-part key from a piece of a string, without building it, as find does from the built string', () => {
    const hosts = Array.from({ length: 2000 }, (_, i) => (i % 5 === 0 ? `${'long-label.'.repeat(9)}h${i}.test` : `h${i}.test`));
    const map = new KeyMap([(i) => hosts[i]], true);
    hosts.forEach((_, i) => map.add(i));
    const never = [() => {
      throw new Error('the key was built');
    }];
    for (let i = 0; i < 4000; i++) {
      const host = i < 2000 ? hosts[i] : `h${i}.test`;
      const text = `https://user@${host}:8443/x`;
      const from = text.indexOf('@') + 1;
      const at = { text, from, to: from + host.length };
      assert.equal(map.findPiece(at, never, 0), i < 2000 ? i : -1, host);
    }
  });
});

describe('KeyMap flat filter', () => {
  it('turns away at least 98% of absent keys (two bits a key in one word), and never a present one', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `${i.toString(16).padStart(32, '0')}`);
    const map = new KeyMap([(i) => keys[i]], true);
    keys.forEach((_, i) => map.add(i));
    const at = { text: '', from: 0, to: 0 };
    for (const k of keys) {
      at.text = `md5=${k};`;
      at.from = 4;
      at.to = 4 + k.length;
      assert.equal(map.mayHoldPiece(at), true, k);
    }
    let passed = 0;
    for (let i = 0; i < 100_000; i++) {
      at.text = `absent-${i}`;
      at.from = 0;
      at.to = at.text.length;
      if (map.mayHoldPiece(at)) passed++;
    }
    assert.ok(passed < 2_000, `${passed} of 100,000 absent keys got past the filter`);
  });
});
