import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** bin_at(value, size, fixed): bins of `size` aligned so that one starts at `fixed`. */
export const binAt: ScalarFunction = {
  names: ['bin_at'],
  compile: (args, call) => {
    const integral = call.resultType !== 'real';
    return mapN(call.resultType, args, ([v, s, at]) => {
      if (typeof v !== 'number' || typeof s !== 'number' || typeof at !== 'number' || !(s > 0)) return null;
      const offset = v - at;
      const below = integral ? offset - (((offset % s) + s) % s) : Math.floor(offset / s) * s;
      return at + below;
    });
  },
};
