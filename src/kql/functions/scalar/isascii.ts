import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** isascii(value): true when every character is in U+0000..U+007F ("" included). */
export const isascii: ScalarFunction = {
  names: ['isascii'],
  compile: ([value]) => map1('bool', value, (v) => /^[\u0000-\u007f]*$/.test(toKqlString(v, value.type))),
};
