import { parseTimespan } from '../../values/datetime.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** totimespan()/totime(): timespans as they are, strings parsed ("0.00:03:00", "1.5h"); else null. */
export const totimespan: ScalarFunction = {
  names: ['totimespan', 'totime'],
  compile: ([value], call) => {
    if (value.type !== 'timespan' && value.type !== 'string' && value.type !== 'dynamic')
      throw call.cx.unsupported(call.node, `totimespan() of a ${value.type}`);
    return map1('timespan', value, (v) => {
      if (typeof v === 'number' && value.type === 'timespan') return v;
      if (typeof v !== 'string') return null;
      const ticks = parseTimespan(v);
      return Number.isNaN(ticks) ? null : ticks;
    });
  },
};
