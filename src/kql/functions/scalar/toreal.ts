import { toReal } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** toreal()/todouble(); todecimal() too, as the engine holds decimals as doubles. Timespans give their ticks. */
function toNumber(names: string[], type: string): ScalarFunction {
  return {
    names,
    compile: ([value], call) => {
      if (value.type === 'datetime') throw call.cx.unsupported(call.node, `${names[0]}() of a datetime`);
      return map1(type, value, toReal);
    },
  };
}

export const toreal = toNumber(['toreal', 'todouble'], 'real');
export const todecimal = toNumber(['todecimal'], 'decimal');
