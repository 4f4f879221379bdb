import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export const toupper: ScalarFunction = {
  names: ['toupper'],
  compile: ([value]) => map1('string', value, (v) => toKqlString(v, value.type).toUpperCase()),
};
