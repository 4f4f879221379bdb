import { ago } from '../scalar/ago.js';
import { now } from '../scalar/now.js';
import type { ScalarFunction } from '../types.js';

/** Date and time functions. */
export const DATETIME_FUNCTIONS: ScalarFunction[] = [ago, now];
