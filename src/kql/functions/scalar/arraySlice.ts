import { intArg } from '../dynamicValues.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * array_slice(array, start, end): elements start..end inclusive; negative indices count from the
 * end; out-of-range indices are clamped ("ignored"); null when the value is not an array.
 */
export const arraySlice: ScalarFunction = {
  names: ['array_slice'],
  compile: (args) =>
    mapN('dynamic', args, ([a, s, e]) => {
      const start = intArg(s);
      const end = intArg(e);
      if (!Array.isArray(a) || start === null || end === null) return null;
      const from = Math.max(0, start < 0 ? a.length + start : start);
      const to = Math.min(a.length - 1, end < 0 ? a.length + end : end);
      return from <= to ? a.slice(from, to + 1) : [];
    }),
};
