import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** zip(a1, a2, ...): [[a1[0], a2[0], ...], ...] as long as the longest array, missing elements null. */
export const zip: ScalarFunction = {
  names: ['zip'],
  compile: (args) =>
    mapN('dynamic', args, (values) => {
      if (!values.every(Array.isArray)) return null;
      const arrays = values as unknown[][];
      const length = Math.max(0, ...arrays.map((a) => a.length));
      return Array.from({ length }, (_, k) => arrays.map((a) => (k < a.length ? a[k] : null)));
    }),
};
