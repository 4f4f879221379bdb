import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChunkedList } from '../../../src/kql/chunkedList.js';

describe('ChunkedList', () => {
  it('gives back every value in order, around and across chunk boundaries', () => {
    for (const n of [0, 1, 8191, 8192, 8193, 16384, 20000]) {
      const numbers = new ChunkedList<number>();
      const values = new ChunkedList<unknown>();
      for (let i = 0; i < n; i++) {
        numbers.push(i % 3 === 0 ? -1 : i);
        values.push(i % 5 === 0 ? null : `v${i}`);
      }
      assert.equal(numbers.length, n);
      assert.deepEqual([...ChunkedList.toInt32Array(numbers)], Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -1 : i)), `n=${n}`);
      assert.deepEqual(values.toArray(), Array.from({ length: n }, (_, i) => (i % 5 === 0 ? null : `v${i}`)), `n=${n}`);
    }
  });
});
