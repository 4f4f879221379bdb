import { intArg } from '../dynamicValues.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * array_split(array, index | indices): the N+1 parts [0..i1), [i1..i2), ..., [iN..length);
 * negative indices count from the end and every index is clamped to the array.
 */
export const arraySplit: ScalarFunction = {
  names: ['array_split'],
  compile: (args) =>
    mapN('dynamic', args, ([a, at]) => {
      if (!Array.isArray(a)) return null;
      const raw = Array.isArray(at) ? at : [at];
      const cuts: number[] = [];
      for (const r of raw) {
        const k = intArg(r);
        if (k === null) return null;
        cuts.push(Math.min(a.length, Math.max(0, k < 0 ? a.length + k : k)));
      }
      const parts: unknown[][] = [];
      let from = 0;
      for (const cut of cuts) {
        const to = Math.max(from, cut);
        parts.push(a.slice(from, to));
        from = to;
      }
      parts.push(a.slice(from));
      return parts;
    }),
};
