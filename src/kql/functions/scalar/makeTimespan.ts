import { TICKS_PER_DAY, TICKS_PER_HOUR, TICKS_PER_MINUTE, TICKS_PER_SECOND } from '../../values/datetime.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** make_timespan(hour, minute[, second]) or (day, hour, minute, second): null for a field out of its range. */
export const makeTimespan: ScalarFunction = {
  names: ['make_timespan'],
  compile: (args) =>
    mapN('timespan', args, (values) => {
      const [day, hour, minute, second] = values.length === 4 ? values : [0, ...values, 0];
      if (!isInt(day, -10_675_199, 10_675_199) || !isInt(hour, 0, 23) || !isInt(minute, 0, 59)) return null;
      const s = second ?? 0;
      if (typeof s !== 'number' || !(s >= 0 && s < 60)) return null;
      const magnitude = Math.abs(day) * TICKS_PER_DAY + hour * TICKS_PER_HOUR + minute * TICKS_PER_MINUTE + Math.round(s * TICKS_PER_SECOND);
      return day < 0 ? -magnitude : magnitude;
    }),
};
