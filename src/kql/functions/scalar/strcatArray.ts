import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** strcat_array(array, delimiter): elements as strings (null → ""), joined; not an array → "". */
export const strcatArray: ScalarFunction = {
  names: ['strcat_array'],
  compile: (args) => {
    const dt = args[1].type;
    return mapN('string', args, ([a, d]) =>
      Array.isArray(a) ? a.map((e) => toKqlString(e, 'dynamic')).join(toKqlString(d, dt)) : '',
    );
  },
};
