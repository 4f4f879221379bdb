import type { ScalarFunction } from '../types.js';

/** Mathematical functions. */
export const MATH_FUNCTIONS: ScalarFunction[] = [];
