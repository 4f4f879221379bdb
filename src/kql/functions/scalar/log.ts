import { mathFunction } from '../helpers.js';

// Null for a negative argument, as documented; log(0) is -infinity.
const nonNegative = (x: number): boolean => x >= 0;

export const log = mathFunction(['log'], Math.log, nonNegative);
export const log2 = mathFunction(['log2'], Math.log2, nonNegative);
export const log10 = mathFunction(['log10'], Math.log10, nonNegative);
