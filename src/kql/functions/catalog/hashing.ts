import { base64DecodeToArray } from '../scalar/base64DecodeToArray.js';
import { base64DecodeToString } from '../scalar/base64DecodeToString.js';
import { base64EncodeFromArray } from '../scalar/base64EncodeFromArray.js';
import { base64EncodeToString } from '../scalar/base64EncodeToString.js';
import { base64DecodeToGuid, base64EncodeFromGuid } from '../scalar/base64Guid.js';
import { gzipDecompressFromBase64, zlibDecompressFromBase64 } from '../scalar/decompressFromBase64.js';
import { hashMd5, hashSha1, hashSha256 } from '../scalar/hashDigest.js';
import { hashXxhash64 } from '../scalar/hashXxhash64.js';
import { urlDecodeFunction } from '../scalar/urlDecode.js';
import { urlEncode, urlEncodeComponent } from '../scalar/urlEncode.js';
import type { ScalarFunction } from '../types.js';

/** Hash and encoding functions (hash_*, base64_*, url_*). */
export const HASH_FUNCTIONS: ScalarFunction[] = [
  hashMd5, hashSha1, hashSha256, hashXxhash64,
  base64DecodeToArray, base64DecodeToString, base64EncodeFromArray, base64EncodeToString,
  base64DecodeToGuid, base64EncodeFromGuid, gzipDecompressFromBase64, urlDecodeFunction, urlEncode, urlEncodeComponent, zlibDecompressFromBase64,
];
