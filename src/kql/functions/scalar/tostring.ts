import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export const tostring: ScalarFunction = {
  names: ['tostring'],
  compile: ([value]) => {
    const type = value.type;
    const converted = map1('string', value, (v) => toKqlString(v, type));
    // A piece of a string is a string already: tostring() leaves it, and where it lies, as it is.
    return value.bindPiece && !converted.constant ? { ...converted, bindPiece: value.bindPiece } : converted;
  },
};
