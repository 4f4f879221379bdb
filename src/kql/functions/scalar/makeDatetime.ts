import { daysInMonth, datetimeFromFields, inDatetimeRange, TICKS_PER_SECOND } from '../../values/datetime.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;

/** make_datetime(year, month, day[, hour, minute[, second]]): null for any field out of its range. */
export const makeDatetime: ScalarFunction = {
  names: ['make_datetime'],
  compile: (args) =>
    mapN('datetime', args, ([year, month, day, hour = 0, minute = 0, second = 0]) => {
      if (!isInt(year, 1, 9999) || !isInt(month, 1, 12) || !isInt(day, 1, daysInMonth(year, month))) return null;
      if (!isInt(hour, 0, 23) || !isInt(minute, 0, 59)) return null;
      if (typeof second !== 'number' || !(second >= 0 && second < 60)) return null;
      const ticks = Math.round(second * TICKS_PER_SECOND);
      const whole = Math.floor(ticks / TICKS_PER_SECOND);
      return inDatetimeRange(datetimeFromFields(year, month, day, hour, minute, whole, ticks - whole * TICKS_PER_SECOND));
    }),
};
