import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const utf8 = new TextEncoder();
/** Characters left as they are: letters, digits and - _ . ! * ( ) (the reference's examples keep '.'). */
const SAFE = /[A-Za-z0-9\-_.!*()]/;

/** Percent-encodes UTF-8 bytes with lower-case hex, as the reference's examples show (%3a%2f). */
function encode(text: string, space: string): string {
  let out = '';
  for (const ch of text) {
    if (SAFE.test(ch)) out += ch;
    else if (ch === ' ') out += space;
    else for (const b of utf8.encode(ch)) out += `%${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** url_encode(url): spaces become '+'. */
export const urlEncode: ScalarFunction = {
  names: ['url_encode'],
  compile: ([value]) => map1('string', value, (v) => encode(toKqlString(v, value.type), '+')),
};

/** url_encode_component(url): spaces become %20. */
export const urlEncodeComponent: ScalarFunction = {
  names: ['url_encode_component'],
  compile: ([value]) => map1('string', value, (v) => encode(toKqlString(v, value.type), '%20')),
};
