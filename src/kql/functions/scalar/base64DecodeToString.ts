import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';
import { base64Bytes } from '../../values/base64.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** base64_decode_tostring(s): the decoded bytes as UTF-8; invalid base64 or UTF-8 → null (""). */
export const base64DecodeToString: ScalarFunction = {
  names: ['base64_decode_tostring', 'base64_decodestring'],
  compile: ([value]) =>
    map1('string', value, (v) => {
      const bytes = base64Bytes(toKqlString(v, value.type));
      if (!bytes) return '';
      try {
        return strictUtf8.decode(bytes);
      } catch {
        return '';
      }
    }),
};
