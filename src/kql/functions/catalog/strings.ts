import { parseUrl } from '../scalar/parseUrl.js';
import { strcat } from '../scalar/strcat.js';
import { strlen } from '../scalar/strlen.js';
import { tolower } from '../scalar/tolower.js';
import { toupper } from '../scalar/toupper.js';
import type { ScalarFunction } from '../types.js';

/** String functions (the reference's "String functions" and URL functions). */
export const STRING_FUNCTIONS: ScalarFunction[] = [parseUrl, strcat, strlen, tolower, toupper];
