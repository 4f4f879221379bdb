import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** array_length(array): the number of elements, or null when the value is not an array. */
export const arrayLength: ScalarFunction = {
  names: ['array_length', 'arraylength'],
  compile: ([value]) => map1('long', value, (v) => (Array.isArray(v) ? v.length : null)),
};
