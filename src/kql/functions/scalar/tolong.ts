import { toInteger } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** Dynamic strings convert like strings; bools to 0/1; reals truncate; anything else → null. */
export const tolong: ScalarFunction = {
  names: ['tolong', 'toint'],
  compile: ([value], call) => map1(call.resultType, value, toInteger),
};
