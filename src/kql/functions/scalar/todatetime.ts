import { parseDatetime } from '../../values/datetime.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** todatetime(): datetimes as they are, strings (and dynamic strings) parsed; else null. */
export const todatetime: ScalarFunction = {
  names: ['todatetime'],
  compile: ([value], call) => {
    // What Kusto makes of a number here is not documented: refuse rather than guess.
    if (value.type !== 'datetime' && value.type !== 'string' && value.type !== 'dynamic')
      throw call.cx.unsupported(call.node, `todatetime() of a ${value.type}`);
    return map1('datetime', value, (v) => {
      if (v === null || v === undefined) return null;
      if (value.type === 'datetime') return v;
      if (typeof v !== 'string') return null;
      const ticks = parseDatetime(v);
      return Number.isNaN(ticks) ? null : ticks;
    });
  },
};
