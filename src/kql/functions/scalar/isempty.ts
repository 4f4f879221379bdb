import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const empty = (v: unknown): boolean => v === null || v === undefined || v === '';

export const isempty: ScalarFunction = {
  names: ['isempty'],
  compile: ([value]) => map1('bool', value, empty),
};

export const isnotempty: ScalarFunction = {
  names: ['isnotempty', 'notempty'],
  compile: ([value]) => map1('bool', value, (v) => !empty(v)),
};
