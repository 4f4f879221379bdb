import type { Piece } from './types.js';
import { FNV_PRIME, fnv1aString } from '../values/fnv1a.js';

/** Slots per key at most half full: a probe for an absent key then ends within a slot or two. */
const INITIAL_SLOTS = 1 << 10;
/**
 * Per process, so that telemetry cannot be crafted to put every key in one run of slots (the keys
 * are attacker-controlled: URLs, file names).
 */
const SEED = (Math.random() * 0x1_0000_0000) | 0;

/**
 * Hash index from keys whose every part is a string to dense ids, in typed arrays: slot = (hash,
 * id + 1), open addressing. A join probes it with hundreds of thousands of keys, many absent: an
 * absent key costs one read of an 8-byte slot (its 32-bit hash rarely matches), where a Map.get costs
 * V8 the string's hash and, for a composite key, a Map per level, each a memory miss once the maps
 * outgrow the caches. A key whose hash matches is compared with the kept strings.
 */
export class StringKeys {
  size = 0;
  /** keys[p][id]: part p of key id. */
  private readonly keys: string[][];
  /** hashes[id]: the whole key's hash; firstHashes[id]: its first part's (the filter's), the same array for one part. */
  private hashes = new Int32Array(INITIAL_SLOTS >>> 1);
  private firstHashes: Int32Array;
  private slots = new Int32Array(INITIAL_SLOTS * 2);
  private mask = INITIAL_SLOTS - 1;
  /** A probe's parts after the first, read once. */
  private readonly probe: string[];

  constructor(private readonly width: number) {
    this.keys = Array.from({ length: width }, () => []);
    this.firstHashes = width === 1 ? this.hashes : new Int32Array(this.hashes.length);
    this.probe = new Array<string>(width).fill('');
  }

  /** Hash of a whole key's first part, or of a piece of a string: the filter's and, for one part, the slots'. */
  static firstHash(text: string, from: number, to: number): number {
    return finish(partHash(text, from, to, SEED));
  }

  /** The slots' hash of a key of two parts or more: `first`, then rest[1], rest[2]… (rest[0] unused). */
  static keyHash(first: string, rest: readonly string[], width: number): number {
    let h = partHash(first, 0, first.length, SEED);
    for (let p = 1; p < width; p++) h = partHash(rest[p], 0, rest[p].length, h);
    return finish(h);
  }

  /**
   * The id of the key (first, parts[1..]); -1 when absent. `hash` is the whole key's hash for one
   * part (firstHash), else computed here.
   */
  find(first: string, rest: readonly string[], hash: number): number {
    const h = this.width === 1 ? hash : StringKeys.keyHash(first, rest, this.width);
    const slots = this.slots;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const id = slots[2 * s + 1] - 1;
      if (id < 0) return -1;
      if (slots[2 * s] === h && this.same(id, first, rest)) return id;
    }
  }

  /** The id of a one-part key given as a piece of a string, without building it; -1 when absent. */
  findPiece(at: Piece, hash: number): number {
    const slots = this.slots;
    const part = this.keys[0];
    const n = at.to - at.from;
    for (let s = hash & this.mask; ; s = (s + 1) & this.mask) {
      const id = slots[2 * s + 1] - 1;
      if (id < 0) return -1;
      if (slots[2 * s] !== hash) continue;
      const kept = part[id];
      if (kept.length !== n) continue;
      let k = 0;
      while (k < n && kept.charCodeAt(k) === at.text.charCodeAt(at.from + k)) k++;
      if (k === n) return id;
    }
  }

  /** The id of the key, added (= size before) when new. `firstHash` is StringKeys.firstHash(first). */
  add(first: string, rest: readonly string[], firstHash: number): number {
    const h = this.width === 1 ? firstHash : StringKeys.keyHash(first, rest, this.width);
    const slots = this.slots;
    let s = h & this.mask;
    for (; ; s = (s + 1) & this.mask) {
      const id = slots[2 * s + 1] - 1;
      if (id < 0) break;
      if (slots[2 * s] === h && this.same(id, first, rest)) return id;
    }
    const id = this.size++;
    if (id === this.hashes.length) this.growKeys();
    this.hashes[id] = h;
    this.firstHashes[id] = firstHash;
    this.keys[0].push(first);
    for (let p = 1; p < this.width; p++) this.keys[p].push(rest[p]);
    slots[2 * s] = h;
    slots[2 * s + 1] = id + 1;
    if (this.size * 2 > this.mask + 1) this.growSlots();
    return id;
  }

  /** Scratch for a probe's parts after the first (index p for part p). */
  get scratch(): string[] {
    return this.probe;
  }

  /** Every key's first-part hash, for a filter built after the keys. */
  forEachFirstHash(f: (hash: number) => void): void {
    for (let id = 0; id < this.size; id++) f(this.firstHashes[id]);
  }

  /** Key id's parts, in order (to move the keys into another index). */
  key(id: number): string[] {
    return this.keys.map((part) => part[id]);
  }

  private same(id: number, first: string, rest: readonly string[]): boolean {
    if (this.keys[0][id] !== first) return false;
    for (let p = 1; p < this.width; p++) if (this.keys[p][id] !== rest[p]) return false;
    return true;
  }

  private growKeys(): void {
    const hashes = new Int32Array(this.hashes.length * 2);
    hashes.set(this.hashes);
    if (this.width === 1) this.firstHashes = hashes;
    else {
      const first = new Int32Array(hashes.length);
      first.set(this.firstHashes);
      this.firstHashes = first;
    }
    this.hashes = hashes;
  }

  private growSlots(): void {
    const count = (this.mask + 1) * 2;
    const slots = new Int32Array(count * 2);
    const mask = count - 1;
    for (let id = 0; id < this.size; id++) {
      const h = this.hashes[id];
      let s = h & mask;
      while (slots[2 * s + 1] !== 0) s = (s + 1) & mask;
      slots[2 * s] = h;
      slots[2 * s + 1] = id + 1;
    }
    this.slots = slots;
    this.mask = mask;
  }
}

/** FNV-1a of the code units of text[from, to), after its length, continuing from `h`. */
function partHash(text: string, from: number, to: number, h: number): number {
  return fnv1aString(text, from, to, Math.imul(h ^ (to - from), FNV_PRIME));
}

/** Murmur3's finalizer: FNV's low bits depend only on the inputs' low bits; the slot is the low bits. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
