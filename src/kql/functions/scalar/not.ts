import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export const not: ScalarFunction = {
  names: ['not'],
  compile: ([value]) => map1('bool', value, (v) => (v === null || v === undefined ? null : !v)),
};
