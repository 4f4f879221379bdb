import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** Kusto counts Unicode code points, not UTF-16 units. */
export const strlen: ScalarFunction = {
  names: ['strlen'],
  compile: ([value]) =>
    map1('long', value, (v) => {
      const s = toKqlString(v, value.type);
      let n = 0;
      for (const _ of s) n++;
      return n;
    }),
};
