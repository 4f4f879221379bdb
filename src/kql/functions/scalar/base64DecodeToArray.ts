import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';
import { base64Bytes } from '../../values/base64.js';

/** base64_decode_toarray(s): the decoded bytes as an array of longs; invalid base64 → null. */
export const base64DecodeToArray: ScalarFunction = {
  names: ['base64_decode_toarray'],
  compile: ([value]) =>
    map1('dynamic', value, (v) => {
      const bytes = base64Bytes(toKqlString(v, value.type));
      return bytes ? [...bytes] : null;
    }),
};
