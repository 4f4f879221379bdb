import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** array_sum(array): the sum as a real; null for a non-array or any non-numeric element. */
export const arraySum: ScalarFunction = {
  names: ['array_sum'],
  compile: ([value]) =>
    map1('real', value, (v) => {
      if (!Array.isArray(v)) return null;
      let sum = 0;
      for (const e of v) {
        if (typeof e !== 'number') return null;
        sum += e;
      }
      return sum;
    }),
};
