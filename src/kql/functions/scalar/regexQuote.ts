import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** The characters with a meaning in KQL regex syntax (reference: "Regex syntax"). */
const META = /[\\.+*?()|[\]{}^$#&\-~]/g;

/** regex_quote(s): s with every regex metacharacter escaped, so the pattern matches s literally. */
export const regexQuote: ScalarFunction = {
  names: ['regex_quote'],
  compile: ([value]) => map1('string', value, (v) => toKqlString(v, value.type).replace(META, '\\$&')),
};
