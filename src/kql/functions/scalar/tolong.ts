import { toInteger } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * tolong()/toint(): dynamic strings convert like strings; bools to 0/1; reals truncate; anything
 * else → null. toint() of a value outside 32 bits is null (it does not wrap around).
 */
export const tolong: ScalarFunction = {
  names: ['tolong', 'toint'],
  compile: ([value], call) => {
    // Kusto gives a datetime's ticks since 0001-01-01, past the 2^53 a JavaScript number holds exactly.
    if (value.type === 'datetime') throw call.cx.unsupported(call.node, `${call.resultType === 'int' ? 'toint' : 'tolong'}() of a datetime`);
    if (call.resultType !== 'int') return map1(call.resultType, value, toInteger);
    return map1('int', value, (v) => {
      const n = toInteger(v);
      return n !== null && n >= INT_MIN && n <= INT_MAX ? n : null;
    });
  },
};
