import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** string_size(source): the size in bytes of its UTF-8 encoding. */
export const stringSize: ScalarFunction = {
  names: ['string_size'],
  compile: ([value]) => map1('long', value, (v) => Buffer.byteLength(toKqlString(v, value.type), 'utf8')),
};
