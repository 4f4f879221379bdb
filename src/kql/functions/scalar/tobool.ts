import { fromInput } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const ACCEPTED = new Set(['bool', 'int', 'long', 'real', 'decimal', 'string', 'dynamic']);

/** tobool()/toboolean(): "true"/"false" (any case) and "1"/"0"; numbers are true unless 0; else null. */
export const tobool: ScalarFunction = {
  names: ['tobool', 'toboolean'],
  compile: ([value], call) => {
    if (!ACCEPTED.has(value.type)) throw call.cx.unsupported(call.node, `tobool() of a ${value.type}`);
    return map1('bool', value, (v) => fromInput(v, 'bool'));
  },
};
