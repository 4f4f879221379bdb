import { iif } from '../scalar/iif.js';
import { isempty, isnotempty } from '../scalar/isempty.js';
import { isnotnull, isnull } from '../scalar/isnull.js';
import { not } from '../scalar/not.js';
import type { ScalarFunction } from '../types.js';

/** Conditional, logical and null/empty test functions. */
export const LOGIC_FUNCTIONS: ScalarFunction[] = [iif, isempty, isnotempty, isnull, isnotnull, not];
