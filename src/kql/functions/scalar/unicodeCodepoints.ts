import { toKqlString } from '../../values/convert.js';
import { map1, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** unicode_codepoints_from_string(s) (also to_utf8): the code points of s as an array of longs. */
export const unicodeCodepointsFromString: ScalarFunction = {
  names: ['unicode_codepoints_from_string', 'to_utf8'],
  compile: ([value]) => map1('dynamic', value, (v) => [...toKqlString(v, value.type)].map((c) => c.codePointAt(0)!)),
};

function isCodePoint(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff);
}

/**
 * unicode_codepoints_to_string(v1, v2, ...) (also make_string): the string of the code points
 * given as numbers or arrays of numbers; any invalid code point makes it null ("").
 */
export const unicodeCodepointsToString: ScalarFunction = {
  names: ['unicode_codepoints_to_string', 'make_string'],
  compile: (args) =>
    mapN('string', args, (values) => {
      const points: number[] = [];
      for (const v of values) {
        for (const n of Array.isArray(v) ? v : [v]) {
          if (!isCodePoint(n)) return '';
          points.push(n);
        }
      }
      let out = '';
      for (const n of points) out += String.fromCodePoint(n);
      return out;
    }),
};
