import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

// A null argument gives null: whether a missing number is NaN is not known.
function numberTest(name: string, test: (x: number) => boolean): ScalarFunction {
  return { names: [name], compile: ([x]) => map1('bool', x, (v) => (typeof v === 'number' ? test(v) : null)) };
}

export const isnan = numberTest('isnan', Number.isNaN);
export const isinf = numberTest('isinf', (x) => x === Infinity || x === -Infinity);
export const isfinite = numberTest('isfinite', Number.isFinite);
