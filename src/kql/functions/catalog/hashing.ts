import { hashMd5, hashSha1, hashSha256 } from '../scalar/hashDigest.js';
import { hashXxhash64 } from '../scalar/hashXxhash64.js';
import type { ScalarFunction } from '../types.js';

/** Hash and encoding functions (hash_*, base64_*, url_*). */
export const HASH_FUNCTIONS: ScalarFunction[] = [hashMd5, hashSha1, hashSha256, hashXxhash64];
