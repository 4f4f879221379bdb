import { TICKS_PER_HOUR } from '../../values/datetime.js';
import { toDynamic } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** The reference's cap on the number of elements. */
const MAX_ELEMENTS = 1_048_576;

/**
 * range(start, stop [, step]): start, start + step, ... while not past stop (a negative step
 * counts down). The default step is 1, or 1h for datetimes and timespans; elements of those
 * types are their text inside the array. A zero step or a null argument gives null.
 */
export const rangeFunction: ScalarFunction = {
  names: ['range'],
  compile: (args) => {
    const type = args[0].type;
    const temporal = type === 'datetime' || type === 'timespan';
    return mapN('dynamic', args, ([start, stop, step = temporal ? TICKS_PER_HOUR : 1]) => {
      if (typeof start !== 'number' || typeof stop !== 'number' || typeof step !== 'number' || step === 0) return null;
      const out: unknown[] = [];
      for (let k = 0; out.length < MAX_ELEMENTS; k++) {
        const v = start + k * step;
        if (step > 0 ? v > stop : v < stop) break;
        out.push(toDynamic(v, type));
      }
      return out;
    });
  },
};
