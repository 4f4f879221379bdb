import { gunzipSync, inflateSync } from 'node:zlib';
import { base64Bytes } from '../../values/base64.js';
import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * Decompressed output above this size counts as a failed decompression (an empty result), so a
 * crafted payload in attacker-controlled telemetry cannot exhaust memory.
 */
const MAX_OUTPUT = 64 * 1024 * 1024;
const utf8 = new TextDecoder('utf-8');

function decompress(text: string, gzip: boolean): string {
  const bytes = base64Bytes(text);
  if (!bytes) return '';
  // gzip: ID1 ID2 CM must be 1f 8b 08 and FLG zero (no optional header fields), per the reference.
  if (gzip && (bytes.length < 10 || bytes[0] !== 0x1f || bytes[1] !== 0x8b || bytes[2] !== 8 || bytes[3] !== 0)) return '';
  try {
    return utf8.decode((gzip ? gunzipSync : inflateSync)(bytes, { maxOutputLength: MAX_OUTPUT }));
  } catch {
    return '';
  }
}

/** gzip_decompress_from_base64_string(s): base64, then gzip; "" when either fails. */
export const gzipDecompressFromBase64: ScalarFunction = {
  names: ['gzip_decompress_from_base64_string'],
  compile: ([value]) => map1('string', value, (v) => decompress(toKqlString(v, value.type), true)),
};

/** zlib_decompress_from_base64_string(s): base64, then zlib (deflate with its header); "" when either fails. */
export const zlibDecompressFromBase64: ScalarFunction = {
  names: ['zlib_decompress_from_base64_string'],
  compile: ([value]) => map1('string', value, (v) => decompress(toKqlString(v, value.type), false)),
};
