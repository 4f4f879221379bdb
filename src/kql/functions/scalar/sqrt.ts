import { mathFunction } from '../helpers.js';

/** sqrt(): null for a negative number, as documented. */
export const sqrt = mathFunction(['sqrt'], Math.sqrt, (x) => x >= 0);
