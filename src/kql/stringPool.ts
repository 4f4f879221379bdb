import { latin1 } from '../util/latin1.js';
import { fnv1aBytes, fnv1aString } from './values/fnv1a.js';

/**
 * One shared copy per distinct string, looked up by the string or by its ASCII bytes: a loader that
 * scans raw bytes finds a repeated device id or action type without creating a string for it, so
 * only the first occurrence costs an allocation (and the garbage collector's time).
 *
 * Open addressing on a 32-bit FNV-1a hash of the character codes; ASCII bytes hash as their
 * characters do, so both lookups meet the same entries.
 */
export class StringPool {
  private hashes = new Int32Array(1024);
  private strings: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
  private count = 0;

  constructor(
    /** Distinct strings kept at most; past it, lookups still find the ones kept. */
    private readonly capacity: number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The shared copy of `s`, which becomes it when `s` is new and the pool has room. `fresh` tells which. */
  ofString(s: string): string {
    const h = fnv1aString(s, 0, s.length) | 1;
    const mask = this.strings.length - 1;
    let p = h & mask;
    for (let found = this.strings[p]; found !== undefined; found = this.strings[p]) {
      if (this.hashes[p] === h && found === s) {
        this.fresh = false;
        return found;
      }
      p = (p + 1) & mask;
    }
    this.fresh = true;
    this.insert(p, h, s);
    return s;
  }

  /**
   * The shared copy of the ASCII text in bytes [start, end), created (and kept when there is room)
   * when new. `hash`: fnv1aBytes of those bytes, when the caller has it already.
   */
  ofAscii(bytes: Buffer, start: number, end: number, hash = fnv1aBytes(bytes, start, end)): string {
    const h = hash | 1;
    const n = end - start;
    const mask = this.strings.length - 1;
    let p = h & mask;
    for (let found = this.strings[p]; found !== undefined; found = this.strings[p]) {
      if (this.hashes[p] === h && found.length === n && sameAscii(found, bytes, start)) {
        this.fresh = false;
        return found;
      }
      p = (p + 1) & mask;
    }
    const s = latin1(bytes, start, end);
    this.fresh = true;
    this.insert(p, h, s);
    return s;
  }

  /** Whether the last lookup's string was new to the pool. */
  fresh = false;

  private insert(at: number, hash: number, s: string): void {
    if (this.count >= this.capacity) return;
    this.hashes[at] = hash;
    this.strings[at] = s;
    if (++this.count * 2 > this.strings.length) this.grow();
  }

  private grow(): void {
    const hashes = this.hashes;
    const strings = this.strings;
    this.hashes = new Int32Array(hashes.length * 2);
    this.strings = new Array<string | undefined>(strings.length * 2).fill(undefined);
    const mask = this.strings.length - 1;
    for (let i = 0; i < strings.length; i++) {
      const s = strings[i];
      if (s === undefined) continue;
      let p = hashes[i] & mask;
      while (this.strings[p] !== undefined) p = (p + 1) & mask;
      this.hashes[p] = hashes[i];
      this.strings[p] = s;
    }
  }
}

function sameAscii(s: string, bytes: Buffer, start: number): boolean {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== bytes[start + k]) return false;
  return true;
}
