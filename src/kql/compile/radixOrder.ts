/**
 * Stable order of rows by one numeric key (datetimes, timespans and numbers are doubles here), by
 * radix rather than by comparison: a hunt's `sort by Timestamp desc` over 100k rows took 130 ms of
 * comparator calls, and a comparison sort grows as n log n.
 */

/** Below this many rows a comparison sort costs less than the radix passes' fixed work. */
export const RADIX_FROM = 2048;

const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/**
 * Row numbers ordered by `values` (ascending, or descending), equal keys in row order, null and NaN
 * first or last as asked; null when a value is neither a number nor null (the caller compares).
 */
export function radixOrder(values: readonly unknown[], descending: boolean, nullsFirst: boolean): Int32Array | null {
  const n = values.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const flip = descending ? 0xffffffff : 0;
  const numbered = new Int32Array(n);
  let count = 0;
  const nulls: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) {
      nulls.push(i);
      continue;
    }
    if (typeof v !== 'number') return null;
    // -0 and 0 compare equal, so they must sort as one key.
    bits[0] = v === 0 ? 0 : v;
    // Doubles as unsigned integers in the same order: negative ones inverted, others with the sign bit set.
    const negative = words[1] >>> 31 === 1;
    hi[i] = (negative ? ~words[1] : words[1] | 0x80000000) ^ flip;
    lo[i] = (negative ? ~words[0] : words[0]) ^ flip;
    numbered[count++] = i;
  }
  let order = numbered.subarray(0, count);
  let spare = new Int32Array(count);
  const counts = new Int32Array(BUCKETS);
  for (const [word, shift] of [
    [lo, 0],
    [lo, DIGIT_BITS],
    [hi, 0],
    [hi, DIGIT_BITS],
  ] as const) {
    if (!scatter(order, spare, word, shift, counts)) continue;
    [order, spare] = [spare, order];
  }
  const out = new Int32Array(n);
  const tail = nullsFirst ? 0 : order.length;
  out.set(order, nullsFirst ? nulls.length : 0);
  for (let k = 0; k < nulls.length; k++) out[tail + k] = nulls[k];
  return out;
}

/**
 * One counting pass on a 16-bit digit: `from` into `to`, stable. False (and nothing moved) when
 * every row has the same digit, as the high bits of nearby timestamps do.
 */
function scatter(from: Int32Array, to: Int32Array, word: Uint32Array, shift: number, counts: Int32Array): boolean {
  counts.fill(0);
  for (let k = 0; k < from.length; k++) counts[(word[from[k]] >>> shift) & (BUCKETS - 1)]++;
  if (from.length === 0 || counts[(word[from[0]] >>> shift) & (BUCKETS - 1)] === from.length) return false;
  let start = 0;
  for (let d = 0; d < BUCKETS; d++) {
    const c = counts[d];
    counts[d] = start;
    start += c;
  }
  for (let k = 0; k < from.length; k++) {
    const row = from[k];
    to[counts[(word[row] >>> shift) & (BUCKETS - 1)]++] = row;
  }
  return true;
}
