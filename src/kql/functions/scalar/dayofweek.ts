import { datetimeFields, TICKS_PER_DAY } from '../../values/datetime.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** dayofweek(date): whole days since the preceding Sunday, as a timespan (Sunday is 0d). */
export const dayofweek: ScalarFunction = {
  names: ['dayofweek'],
  compile: ([date]) => map1('timespan', date, (d) => (typeof d === 'number' ? datetimeFields(d).weekday * TICKS_PER_DAY : null)),
};
