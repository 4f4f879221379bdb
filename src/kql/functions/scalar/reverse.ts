import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** reverse(value): the string (other types as tostring gives them) with its characters reversed. */
export const reverse: ScalarFunction = {
  names: ['reverse'],
  compile: ([value]) => map1('string', value, (v) => [...toKqlString(v, value.type)].reverse().join('')),
};
