import { mathFunction, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const unit = (x: number): boolean => x >= -1 && x <= 1;

export const sin = mathFunction(['sin'], Math.sin);
export const cos = mathFunction(['cos'], Math.cos);
export const tan = mathFunction(['tan'], Math.tan);
export const cot = mathFunction(['cot'], (x) => 1 / Math.tan(x));
/** asin()/acos(): null outside [-1, 1], as documented. */
export const asin = mathFunction(['asin'], Math.asin, unit);
export const acos = mathFunction(['acos'], Math.acos, unit);
export const atan = mathFunction(['atan'], Math.atan);
export const degrees = mathFunction(['degrees'], (x) => (x * 180) / Math.PI);
export const radians = mathFunction(['radians'], (x) => (x * Math.PI) / 180);

export const atan2: ScalarFunction = {
  names: ['atan2'],
  compile: (args) => mapN('real', args, ([y, x]) => (typeof y === 'number' && typeof x === 'number' ? Math.atan2(y, x) : null)),
};
