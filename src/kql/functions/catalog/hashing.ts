import type { ScalarFunction } from '../types.js';

/** Hash and encoding functions (hash_*, base64_*, url_*). */
export const HASH_FUNCTIONS: ScalarFunction[] = [];
