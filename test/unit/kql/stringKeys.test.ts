import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringKeys } from '../../../src/kql/compile/stringKeys.js';

/** Keys whose 32-bit hashes are equal must still be told apart by their text. */
describe('StringKeys when hashes collide', () => {
  it('tells one-part keys with the same hash apart, whole and as pieces', () => {
    const keys = new StringKeys(1);
    const words = ['alpha', 'beta', 'gamma', 'alphb', ''];
    // One hash for all: every key lands in one run of slots.
    words.forEach((w, i) => assert.equal(keys.add(w, [], 7), i));
    assert.equal(keys.add('beta', [], 7), 1);
    words.forEach((w, i) => assert.equal(keys.find(w, [], 7), i, w));
    assert.equal(keys.find('delta', [], 7), -1);
    assert.equal(keys.find('alph', [], 7), -1);
    const text = 'https://gamma/alphb';
    assert.equal(keys.findPiece({ text, from: 8, to: 13 }, 7), 2);
    assert.equal(keys.findPiece({ text, from: 14, to: 19 }, 7), 3);
    assert.equal(keys.findPiece({ text, from: 14, to: 18 }, 7), -1);
    assert.equal(keys.findPiece({ text, from: 8, to: 8 }, 7), 4);
    assert.equal(keys.findPiece({ text, from: 0, to: 5 }, 7), -1);
  });

  it('tells two-part keys with the same hash apart by their second part', () => {
    // A real collision of the whole key's hash: same first part, second parts found by search.
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let n = 0; !pair; n++) {
      const second = `https://h.test/${n}`;
      const h = StringKeys.keyHash('dev', ['', second], 2);
      const other = seen.get(h);
      if (other !== undefined) pair = [other, second];
      else seen.set(h, second);
    }
    const keys = new StringKeys(2);
    const first = StringKeys.firstHash('dev', 0, 3);
    assert.equal(keys.add('dev', ['', pair[0]], first), 0);
    assert.equal(keys.find('dev', ['', pair[1]], first), -1);
    assert.equal(keys.add('dev', ['', pair[1]], first), 1);
    assert.equal(keys.find('dev', ['', pair[0]], first), 0);
    assert.equal(keys.find('dev', ['', pair[1]], first), 1);
  });

  it('keeps every key and its id as the slots grow', () => {
    const keys = new StringKeys(1);
    const n = 20_000;
    for (let i = 0; i < n; i++) assert.equal(keys.add(`k${i}`, [], StringKeys.firstHash(`k${i}`, 0, `k${i}`.length)), i);
    for (let i = 0; i < n; i++) assert.equal(keys.find(`k${i}`, [], StringKeys.firstHash(`k${i}`, 0, `k${i}`.length)), i);
    assert.equal(keys.find('k-1', [], StringKeys.firstHash('k-1', 0, 3)), -1);
    assert.equal(keys.size, n);
  });
});
