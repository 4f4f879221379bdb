import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** replace_string(text, lookup, rewrite): every non-overlapping occurrence, left to right; "" replaces nothing. */
export const replaceString: ScalarFunction = {
  names: ['replace_string'],
  compile: (args) => {
    const types = args.map((a) => a.type);
    return mapN('string', args, ([t, l, r]) => {
      const text = toKqlString(t, types[0]);
      const lookup = toKqlString(l, types[1]);
      return lookup === '' ? text : text.split(lookup).join(toKqlString(r, types[2]));
    });
  },
};
