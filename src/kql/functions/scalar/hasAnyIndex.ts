import { needleTests } from '../../values/stringMatch.js';
import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * has_any_index(source, values): the position in values of the first one that source `has`
 * (case-insensitive, on terms, as has_any); -1 when none does or values is empty or not an array.
 */
export const hasAnyIndex: ScalarFunction = {
  names: ['has_any_index'],
  compile: (args) => {
    const st = args[0].type;
    const has = needleTests('has', false);
    return mapN('long', args, ([s, values]) => {
      if (!Array.isArray(values)) return -1;
      const hay = toKqlString(s, st);
      for (let k = 0; k < values.length; k++) {
        const v = values[k];
        if (v !== null && v !== undefined && has(toKqlString(v, 'dynamic'))(hay)) return k;
      }
      return -1;
    });
  },
};
