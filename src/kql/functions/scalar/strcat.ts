import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export const strcat: ScalarFunction = {
  names: ['strcat'],
  compile: (args) => {
    const types = args.map((a) => a.type);
    return mapN('string', args, (values) => {
      let s = '';
      for (let k = 0; k < values.length; k++) s += toKqlString(values[k], types[k]);
      return s;
    });
  },
};
