import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const utf8 = new TextDecoder('utf-8');

/**
 * url_decode(encoded): %XX sequences decoded as UTF-8 bytes and '+' as a space (the form encoding
 * url_encode produces). A '%' not followed by two hex digits stays as it is; invalid UTF-8
 * becomes U+FFFD.
 */
export function urlDecode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  let out = '';
  let bytes: number[] = [];
  const flush = () => {
    if (bytes.length) out += utf8.decode(Uint8Array.from(bytes));
    bytes = [];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '%' && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
      continue;
    }
    flush();
    out += c === '+' ? ' ' : c;
  }
  flush();
  return out;
}

export const urlDecodeFunction: ScalarFunction = {
  names: ['url_decode'],
  compile: ([value]) => map1('string', value, (v) => urlDecode(toKqlString(v, value.type))),
};
