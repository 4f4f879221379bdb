/**
 * The start / length / occurrence arguments of indexof() and array_index_of(). A negative start
 * counts from the end; length -1 means to the end; each further occurrence is searched from just
 * after the previous one with the same length (this is what the reference's examples give:
 * indexof("abcdefgabcdefg", "cde", 1, 10, 2) is 9). `find(from, to)` returns the first position
 * of a whole match inside [from, to) or -1. null for the reference's "irrelevant inputs"
 * (occurrence < 1, length < -1) and for null arguments.
 */
export function findOccurrence(
  size: number,
  args: readonly unknown[],
  find: (from: number, to: number) => number,
): number | null {
  const [start = 0, length = -1, occurrence = 1] = args;
  if (typeof start !== 'number' || typeof length !== 'number' || typeof occurrence !== 'number') return null;
  const count = Math.trunc(length);
  const nth = Math.trunc(occurrence);
  if (count < -1 || nth < 1) return null;
  let from = Math.trunc(start);
  if (from < 0) from = Math.max(0, size + from);
  let found = -1;
  for (let k = 0; k < nth; k++) {
    if (from > size) return -1;
    const to = count === -1 ? size : Math.min(size, from + count);
    found = find(from, to);
    if (found < 0) return -1;
    from = found + 1;
  }
  return found;
}
