import { mathFunction } from '../helpers.js';

export const exp = mathFunction(['exp'], Math.exp);
export const exp2 = mathFunction(['exp2'], (x) => 2 ** x);
export const exp10 = mathFunction(['exp10'], (x) => 10 ** x);
