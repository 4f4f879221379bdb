import { parseDatetime } from '../../values/datetime.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export const todatetime: ScalarFunction = {
  names: ['todatetime'],
  compile: ([value]) =>
    map1('datetime', value, (v) => {
      if (v === null || v === undefined) return null;
      if (value.type === 'datetime') return v;
      if (typeof v !== 'string') return null;
      const ticks = parseDatetime(v);
      return Number.isNaN(ticks) ? null : ticks;
    }),
};
