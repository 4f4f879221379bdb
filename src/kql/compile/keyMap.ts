import { distinctKey } from '../functions/aggregates/distinctKey.js';
import type { RowFn } from './types.js';

type Level = Map<unknown, unknown>;

/**
 * Hash index from composite keys to dense ids (group ids, build-side ids), one nested Map level
 * per key part: exact for any values, and no per-row allocation.
 */
export class KeyMap {
  private readonly root: Level = new Map();
  size = 0;

  constructor(private readonly parts: readonly RowFn[]) {}

  /** Id of row i's key under `parts` (which may read another table than the builder's). */
  find(parts: readonly RowFn[], i: number): number {
    let level = this.root;
    const last = parts.length - 1;
    for (let k = 0; k < last; k++) {
      const next = level.get(distinctKey(parts[k](i)));
      if (next === undefined) return -1;
      level = next as Level;
    }
    const id = level.get(distinctKey(parts[last](i)));
    return id === undefined ? -1 : (id as number);
  }

  /** Id of row i's key, adding a new id (= previous size) when unseen. */
  add(i: number): number {
    let level = this.root;
    const parts = this.parts;
    const last = parts.length - 1;
    for (let k = 0; k < last; k++) {
      const key = distinctKey(parts[k](i));
      let next = level.get(key) as Level | undefined;
      if (next === undefined) {
        next = new Map();
        level.set(key, next);
      }
      level = next;
    }
    const key = distinctKey(parts[last](i));
    const id = level.get(key);
    if (id !== undefined) return id as number;
    level.set(key, this.size);
    return this.size++;
  }
}

export function hasNullPart(parts: readonly RowFn[], i: number): boolean {
  for (const p of parts) {
    const v = p(i);
    if (v === null || v === undefined) return true;
  }
  return false;
}
