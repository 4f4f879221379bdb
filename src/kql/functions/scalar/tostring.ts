import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export const tostring: ScalarFunction = {
  names: ['tostring'],
  compile: ([value]) => {
    const type = value.type;
    return map1('string', value, (v) => toKqlString(v, type));
  },
};
