import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** base64_encode_tostring(s): the UTF-8 bytes of s in base64. */
export const base64EncodeToString: ScalarFunction = {
  names: ['base64_encode_tostring', 'base64_encodestring'],
  compile: ([value]) => map1('string', value, (v) => Buffer.from(toKqlString(v, value.type), 'utf8').toString('base64')),
};
