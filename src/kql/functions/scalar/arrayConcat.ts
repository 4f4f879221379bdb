import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** array_concat(a1, a2, ...): one array of all elements; null when an argument is not an array. */
export const arrayConcat: ScalarFunction = {
  names: ['array_concat'],
  compile: (args) => mapN('dynamic', args, (values) => (values.every(Array.isArray) ? (values as unknown[][]).flat(1) : null)),
};
