import { toDynamic } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** pack_array(v1, v2, ...): the values as a dynamic array (datetimes and timespans as their text). */
export const packArray: ScalarFunction = {
  names: ['pack_array'],
  compile: (args) => {
    const types = args.map((a) => a.type);
    return mapN('dynamic', args, (values) => values.map((v, k) => toDynamic(v, types[k])));
  },
};
