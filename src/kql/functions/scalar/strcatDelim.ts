import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** strcat_delim(delimiter, arg1, arg2, ...): every argument as a string, joined. */
export const strcatDelim: ScalarFunction = {
  names: ['strcat_delim'],
  compile: (args) => {
    const types = args.map((a) => a.type);
    return mapN('string', args, (values) => {
      const delimiter = toKqlString(values[0], types[0]);
      let s = '';
      for (let k = 1; k < values.length; k++) s += (k > 1 ? delimiter : '') + toKqlString(values[k], types[k]);
      return s;
    });
  },
};
