import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

// Strings are never null in Kusto: isnull("") is false.
export const isnull: ScalarFunction = {
  names: ['isnull'],
  compile: ([value]) => map1('bool', value, (v) => v === null || v === undefined),
};

export const isnotnull: ScalarFunction = {
  names: ['isnotnull', 'notnull'],
  compile: ([value]) => map1('bool', value, (v) => v !== null && v !== undefined),
};
