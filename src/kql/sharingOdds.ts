/**
 * Whether a string column's pool of shared values still pays, judged from its last stretch of values.
 *
 * Values are taken as drawn at random from a set of unknown size (the universe). A value is new to
 * the pool with the chance that it is not among the pool's values, so how fast the pool grew over a
 * stretch estimates the universe. Referrer URLs from 200k sites, say: 96% of the first 16k are new,
 * a little fewer than 16k values from an endless supply would give, so they come from about 200k
 * values, and nearly all of the next 3M will be found in the pool. A rule on the share of new values
 * alone stops sharing such a column, and only in a large file, where sharing matters most.
 */
export interface Stretch {
  /** Values read in the stretch, and how many of them were not in the pool. */
  read: number;
  fresh: number;
  /** Values in the pool when the stretch began, and when it ended. */
  before: number;
  after: number;
  /** Values still to come in the column. */
  toCome: number;
  /** Values the pool keeps at most (the ones past it are not added, only looked up). */
  capacity: number;
}

/**
 * The universe a pool that grew from `before` to `after` values over `read` values suggests: with u
 * values in all, the values not yet pooled shrink by e^(-1/u) a value, so u - after = (u - before)
 * e^(-read/u). Infinity when every value read was new.
 */
export function universeSize(read: number, before: number, after: number): number {
  if (after - before >= read) return Infinity;
  if (after <= before) return after;
  const gap = (u: number) => u - after - (u - before) * Math.exp(-read / u);
  let lo = after;
  let hi = after * 2;
  while (gap(hi) < 0) hi *= 2;
  while (hi - lo > Math.max(1, lo * 1e-6)) {
    const mid = (lo + hi) / 2;
    if (gap(mid) < 0) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The share of the values still to come that the pool is expected to hold already. */
export function expectedHitRate({ read, fresh, before, after, toCome, capacity }: Stretch): number {
  if (fresh <= 0) return 1;
  if (fresh >= read) return 0;
  // A full pool adds nothing more: what it finds is what it found.
  if (after >= capacity) return 1 - fresh / read;
  const u = universeSize(read, before, after);
  if (toCome <= 0) return after / u;
  // The pool keeps growing towards the universe: its average size over what is to come.
  const missing = u - after;
  const average = u - (missing * u * -Math.expm1(-toCome / u)) / toCome;
  return Math.min(average, capacity) / u;
}
