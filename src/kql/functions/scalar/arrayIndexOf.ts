import { toDynamic } from '../../values/convert.js';
import { elementKey } from '../dynamicValues.js';
import { mapN } from '../helpers.js';
import { findOccurrence } from '../occurrence.js';
import type { ScalarFunction } from '../types.js';

/** array_index_of(array, value [, start [, length [, occurrence]]]): position or -1; null for a non-array. */
export const arrayIndexOf: ScalarFunction = {
  names: ['array_index_of'],
  compile: (args) => {
    const vt = args[1].type;
    return mapN('long', args, (values) => {
      const a = values[0];
      if (!Array.isArray(a)) return null;
      const key = elementKey(toDynamic(values[1], vt));
      return findOccurrence(a.length, values.slice(2), (from, to) => {
        for (let k = from; k < to; k++) if (elementKey(a[k]) === key) return k;
        return -1;
      });
    });
  },
};
