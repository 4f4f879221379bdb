import { distinctKey } from '../functions/aggregates/distinctKey.js';
import type { Piece, RowFn } from './types.js';
import { StringKeys } from './stringKeys.js';
import { FNV_OFFSET, fnv1aString } from '../values/fnv1a.js';

type Level = Map<unknown, unknown>;

/** Keys in the first level below which a lookup is cheap enough without a filter. */
const FILTER_FROM = 1024;
/** Filter bits per first-level key: about 1 in 20 absent keys gets past it. */
const BITS_PER_KEY = 16;
const MAX_FILTER_BITS = 1 << 27;

/**
 * Hash index from composite keys to dense ids (group ids, build-side ids), one nested Map level
 * per key part: exact for any values, and no per-row allocation. A join's build side starts as a
 * StringKeys table instead, for as long as every key part is a string.
 *
 * A join probes it with millions of keys that are mostly absent (file events against a few
 * thousand detections). Map.get of such a string costs V8 a hash of it and, once the map outgrows
 * the CPU caches, a few memory misses; a bit set of the first part's string hashes, which does fit
 * in cache, answers most of those lookups instead (measured: about 3× faster for 10M probes of a
 * 100k-key map).
 */
export class KeyMap {
  private readonly root: Level = new Map();
  size = 0;
  /** One bit per hash of every first-level key, when they are all strings and there are many; else null. */
  private filter: Uint32Array | null = null;
  /** First-level keys when the filter was sized; it is rebuilt larger when they have doubled. */
  private filterKeys = 0;
  private allStrings = true;
  /** The keys while every part of every key added is a string (a join's build side: see StringKeys); then null. */
  private strings: StringKeys | null;

  /**
   * `flat`: keep keys of strings in a StringKeys until a part is not one: for a join or lookup's
   * build side, probed with many keys that are distinct string objects. A summarize groups by
   * values that are mostly the same shared strings, which a Map finds by identity, faster.
   */
  constructor(
    private readonly parts: readonly RowFn[],
    flat = false,
  ) {
    this.strings = flat ? new StringKeys(parts.length) : null;
  }

  /**
   * Id of row i's key under `parts` (which may read another table than the builder's); -1 when
   * absent, as a key with a null part always is (builders never add one: see hasNullPart).
   */
  find(parts: readonly RowFn[], i: number): number {
    const strings = this.strings;
    if (strings) {
      const first = distinctKey(parts[0](i));
      if (typeof first !== 'string') return -1;
      const hash = StringKeys.firstHash(first, 0, first.length);
      if (!this.mayHoldHash(hash)) return -1;
      const rest = strings.scratch;
      for (let k = 1; k < parts.length; k++) {
        const v = distinctKey(parts[k](i));
        if (typeof v !== 'string') return -1;
        rest[k] = v;
      }
      return strings.find(first, rest, hash);
    }
    let level = this.root;
    const first = distinctKey(parts[0](i));
    if (typeof first === 'string' && !this.mayHold(first, 0, first.length)) return -1;
    const last = parts.length - 1;
    let key = first;
    for (let k = 0; k < last; k++) {
      const next = level.get(key);
      if (next === undefined) return -1;
      level = next as Level;
      key = distinctKey(parts[k + 1](i));
    }
    const id = level.get(key);
    return id === undefined ? -1 : (id as number);
  }

  /**
   * Id of row i's key when it is one part, `at` (a piece of a string, Scalar.bindPiece): found
   * without building the string while the keys are flat; else the filter asked first, then find.
   */
  findPiece(at: Piece, parts: readonly RowFn[], i: number): number {
    const strings = this.strings;
    if (strings && parts.length === 1) {
      const hash = StringKeys.firstHash(at.text, at.from, at.to);
      return this.mayHoldHash(hash) ? strings.findPiece(at, hash) : -1;
    }
    return this.mayHoldPiece(at) ? this.find(parts, i) : -1;
  }

  /**
   * False when no key's first part can be the piece's text: the filter rejects it, and the string
   * need not be built. True when it may be, or when there is no filter to ask.
   */
  mayHoldPiece(at: Piece): boolean {
    if (this.strings) return this.mayHoldHash(StringKeys.firstHash(at.text, at.from, at.to));
    return this.mayHold(at.text, at.from, at.to);
  }

  /** False when the filter shows that no first-level key is text[from, to); true when it may be, or with no filter to ask. */
  private mayHold(text: string, from: number, to: number): boolean {
    if (!this.allStrings || this.root.size < FILTER_FROM) return true;
    const filter = this.root.size > this.filterKeys * 2 ? this.buildFilter() : (this.filter as Uint32Array);
    const h = filterBit(filter, text, from, to);
    return (filter[h >>> 5] & (1 << (h & 31))) !== 0;
  }

  /** mayHold for flat keys, by the first part's StringKeys hash. */
  private mayHoldHash(hash: number): boolean {
    const strings = this.strings as StringKeys;
    if (strings.size < FILTER_FROM) return true;
    let filter = this.filter;
    if (filter === null || strings.size > this.filterKeys * 2) {
      filter = newFilter(strings.size);
      const f = filter;
      strings.forEachFirstHash((h) => setHashBit(f, h));
      this.filter = filter;
      this.filterKeys = strings.size;
    }
    const bits = hashBits(hash);
    return (filter[(hash >>> 5) & (filter.length - 1)] & bits) === bits;
  }

  /** A new first-level key: set in the filter, or the filter given up for good when it is not a string. */
  private addedFirst(key: unknown): void {
    if (typeof key !== 'string') {
      this.allStrings = false;
      this.filter = null;
    } else if (this.filter) this.setBit(this.filter, key);
  }

  private buildFilter(): Uint32Array {
    const keys = this.root.size;
    const filter = newFilter(keys);
    this.root.forEach((_, key) => this.setBit(filter, key as string));
    this.filter = filter;
    this.filterKeys = keys;
    return filter;
  }

  private setBit(filter: Uint32Array, key: string): void {
    const h = filterBit(filter, key);
    filter[h >>> 5] |= 1 << (h & 31);
  }

  /** Id of row i's key, adding a new id (= previous size) when unseen. */
  add(i: number): number {
    const strings = this.strings;
    if (strings) {
      const parts = this.parts;
      const first = distinctKey(parts[0](i));
      const rest = strings.scratch;
      let flat = typeof first === 'string';
      for (let k = 1; flat && k < parts.length; k++) {
        const v = distinctKey(parts[k](i));
        if (typeof v === 'string') rest[k] = v;
        else flat = false;
      }
      if (flat) {
        const hash = StringKeys.firstHash(first as string, 0, (first as string).length);
        const id = strings.add(first as string, rest, hash);
        if (id === this.size) {
          this.size++;
          if (this.filter) setHashBit(this.filter, hash);
        }
        return id;
      }
      this.unflatten(strings);
    }
    let level = this.root;
    const parts = this.parts;
    const last = parts.length - 1;
    for (let k = 0; k < last; k++) {
      const key = distinctKey(parts[k](i));
      let next = level.get(key) as Level | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(key, next);
        if (k === 0) this.addedFirst(key);
      }
      level = next;
    }
    const key = distinctKey(parts[last](i));
    const id = level.get(key);
    if (id !== undefined) return id as number;
    level.set(key, this.size);
    if (last === 0) this.addedFirst(key);
    return this.size++;
  }

  /** Moves the flat keys into the Maps, with their ids, when a key part that is not a string arrives. */
  private unflatten(strings: StringKeys): void {
    this.strings = null;
    this.filter = null;
    this.filterKeys = 0;
    const last = this.parts.length - 1;
    for (let id = 0; id < strings.size; id++) {
      const key = strings.key(id);
      let level = this.root;
      for (let k = 0; k < last; k++) {
        let next = level.get(key[k]) as Level | undefined;
        if (next === undefined) {
          next = new Map();
          level.set(key[k], next);
        }
        level = next;
      }
      level.set(key[last], id);
    }
  }
}

function newFilter(keys: number): Uint32Array {
  let bits = 1 << 15;
  while (bits < keys * BITS_PER_KEY && bits < MAX_FILTER_BITS) bits *= 2;
  return new Uint32Array(bits >>> 5);
}

/**
 * Two bits of one 32-bit word per key, word and bits from independent bits of the (well-mixed)
 * StringKeys hash: one memory read per probe, as with one bit, and about a sixth of the false
 * positives at the same size (measured: 0.9% against 3.8% for 20k keys in 512k bits).
 */
function setHashBit(filter: Uint32Array, hash: number): void {
  filter[(hash >>> 5) & (filter.length - 1)] |= hashBits(hash);
}

function hashBits(hash: number): number {
  return (1 << (hash & 31)) | (1 << (hash >>> 27));
}

export function hasNullPart(parts: readonly RowFn[], i: number): boolean {
  // Indexed, not for-of: called once per row, and an unoptimized for-of allocates an iterator and its results.
  for (let k = 0; k < parts.length; k++) {
    const v = parts[k](i);
    if (v === null || v === undefined) return true;
  }
  return false;
}

/**
 * FNV-1a of the UTF-16 code units of s[from, to); of a long one's first and last 32 only (and its
 * length). A piece of a string hashes as the same text on its own.
 */
function stringHash(s: string, from = 0, to = s.length): number {
  const n = to - from;
  const seed = FNV_OFFSET ^ n;
  const h = n <= 64 ? fnv1aString(s, from, to, seed) : fnv1aString(s, to - 32, to, fnv1aString(s, from, from + 32, seed));
  return h ^ (h >>> 15);
}

/** Where key[from, to) falls in the filter: bit (h & 31) of word (h >>> 5). */
function filterBit(filter: Uint32Array, key: string, from = 0, to = key.length): number {
  return stringHash(key, from, to) & (filter.length * 32 - 1);
}
