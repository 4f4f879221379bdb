/**
 * One spare list of row indices, lent to whoever lists the rows of a large table that pass a test (a
 * filter, a time window), and given back once the rows kept are copied out at their size.
 *
 * It is a plain array, not a typed one, on purpose. V8 counts typed arrays as external memory, and
 * 64 MB more of it than at the last full collection starts marking the whole heap, however large the
 * heap: a filter over 10M rows took a new 40 MB Int32Array on every run, so repeating a hunt over a
 * 4 GB table marked 4 GB (measured: 3 s of a 7 s hunt) although nothing lasting was allocated. A
 * plain array counts against the heap's own limit, which grows with the heap, and a kept spare is
 * not paid for again (this VM takes 3.8 ms to touch a fresh MB).
 */
let spare: number[] | null = null;

/** A list with room for at least n rows, the spare one when it is large enough (then it is no longer spare). */
export function borrowRows(n: number): number[] {
  const s = spare;
  if (s !== null && s.length >= n) {
    spare = null;
    return s;
  }
  return new Array<number>(n);
}

/** Gives a borrowed list back; it may not be read afterwards. The larger of it and the spare is kept. */
export function returnRows(rows: number[]): void {
  if (spare === null || rows.length > spare.length) spare = rows;
}

/**
 * The rows i < n for which test(i) is true (null or anything else is not), in order, at their size;
 * null when that is every row. What a filter and a time window both list.
 */
export function rowsPassing(n: number, test: (i: number) => unknown): Int32Array | null {
  const rows = borrowRows(n);
  let kept = 0;
  for (let i = 0; i < n; i++) if (test(i) === true) rows[kept++] = i;
  if (kept < n) return keptRows(rows, kept);
  returnRows(rows);
  return null;
}

/** The first n rows of a borrowed list, copied at their size; the list is given back. */
export function keptRows(rows: number[], n: number): Int32Array {
  const out = new Int32Array(n);
  for (let k = 0; k < n; k++) out[k] = rows[k];
  returnRows(rows);
  return out;
}
