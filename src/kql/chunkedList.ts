/** Values per chunk: 8,192 of 8 bytes stay below V8's large-object size (128 KB). */
const CHUNK = 8192;

/**
 * Values appended one by one when their count is not known ahead (a join's pairs), kept in chunks
 * and copied out once at their size. A growing array is copied each time it grows by half, and past
 * 128 KB each copy is a new large object that V8 maps fresh: 100k pairs mapped 2.4 MB for an array
 * of 800 KB, and this VM takes 3.8 ms to touch a fresh MB.
 */
export class ChunkedList<T> {
  private readonly full: T[][] = [];
  private chunk: T[] = new Array<T>(CHUNK);
  private used = 0;

  get length(): number {
    return this.full.length * CHUNK + this.used;
  }

  push(value: T): void {
    if (this.used === CHUNK) {
      this.full.push(this.chunk);
      this.chunk = new Array<T>(CHUNK);
      this.used = 0;
    }
    this.chunk[this.used++] = value;
  }

  /** The values in order, in an array of their number. */
  toArray(): T[] {
    return this.copyInto(new Array<T>(this.length));
  }

  private copyInto<A extends { [k: number]: T }>(out: A): A {
    let at = 0;
    for (const chunk of this.full) for (let k = 0; k < CHUNK; k++) out[at++] = chunk[k];
    for (let k = 0; k < this.used; k++) out[at++] = this.chunk[k];
    return out;
  }

  /** The values (numbers) in order, in an Int32Array of their number. */
  static toInt32Array(list: ChunkedList<number>): Int32Array {
    return list.copyInto(new Int32Array(list.length));
  }
}
