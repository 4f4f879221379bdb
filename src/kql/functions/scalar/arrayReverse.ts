import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** array_reverse(array): the elements in reverse order; null when the value is not an array. */
export const arrayReverse: ScalarFunction = {
  names: ['array_reverse'],
  compile: ([value]) => map1('dynamic', value, (v) => (Array.isArray(v) ? [...v].reverse() : null)),
};
