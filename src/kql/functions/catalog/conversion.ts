import { tobool } from '../scalar/tobool.js';
import { todatetime } from '../scalar/todatetime.js';
import { toguid } from '../scalar/toguid.js';
import { tolong } from '../scalar/tolong.js';
import { todecimal, toreal } from '../scalar/toreal.js';
import { tostring } from '../scalar/tostring.js';
import { totimespan } from '../scalar/totimespan.js';
import type { ScalarFunction } from '../types.js';

/** Type conversion functions. */
export const CONVERSION_FUNCTIONS: ScalarFunction[] = [todatetime, tolong, toreal, todecimal, tostring, tobool, toguid, totimespan];
