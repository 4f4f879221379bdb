import { distinctKey } from './aggregates/distinctKey.js';

/** Shared shapes of dynamic values for the array, set and bag functions. */

export function isBag(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function asArray(v: unknown): unknown[] | null {
  return Array.isArray(v) ? v : null;
}

/** A Set key under which equal dynamic values (1 and 1.0, equal arrays/bags) coincide. */
export const elementKey = distinctKey;

/** Distinct elements in first-seen order. */
export function distinctElements(values: Iterable<unknown>): unknown[] {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const v of values) {
    const k = elementKey(v);
    if (!seen.has(k)) {
      seen.add(k);
      out.push(v);
    }
  }
  return out;
}

/** An integer argument: numbers truncate; null/non-numbers → null. */
export function intArg(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? Math.trunc(v) : null;
}
