import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** base64_encode_fromarray(bytes): an array of integers 0..255 in base64; anything else → null (""). */
export const base64EncodeFromArray: ScalarFunction = {
  names: ['base64_encode_fromarray'],
  compile: ([value]) =>
    map1('string', value, (v) => {
      if (!Array.isArray(v)) return '';
      if (!v.every((b) => typeof b === 'number' && Number.isInteger(b) && b >= 0 && b <= 255)) return '';
      return Buffer.from(v as number[]).toString('base64');
    }),
};
