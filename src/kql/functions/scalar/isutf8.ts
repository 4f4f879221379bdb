import { toKqlString } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** isutf8(value): whether the text converts to UTF-8, i.e. has no unpaired surrogate. */
export const isutf8: ScalarFunction = {
  names: ['isutf8'],
  compile: ([value]) => map1('bool', value, (v) => !LONE_SURROGATE.test(toKqlString(v, value.type))),
};
