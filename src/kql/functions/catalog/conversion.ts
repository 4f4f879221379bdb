import { todatetime } from '../scalar/todatetime.js';
import { tolong } from '../scalar/tolong.js';
import { toreal } from '../scalar/toreal.js';
import { tostring } from '../scalar/tostring.js';
import type { ScalarFunction } from '../types.js';

/** Type conversion functions. */
export const CONVERSION_FUNCTIONS: ScalarFunction[] = [todatetime, tolong, toreal, tostring];
