import type { Scalar } from '../../compile/types.js';
import {
  datetimeFields,
  datetimeFromFields,
  inDatetimeRange,
  startOfDay,
  TICKS_PER_DAY,
  TICKS_PER_WEEK,
} from '../../values/datetime.js';
import { map1, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export type Period = 'day' | 'week' | 'month' | 'year';

/** The start of the period holding `ticks`, moved by `offset` whole periods. Weeks start on Sunday. */
export function startOfPeriod(period: Period, ticks: number, offset: number): number {
  switch (period) {
    case 'day':
      return startOfDay(ticks) + offset * TICKS_PER_DAY;
    case 'week':
      return startOfDay(ticks) - datetimeFields(ticks).weekday * TICKS_PER_DAY + offset * TICKS_PER_WEEK;
    case 'month': {
      const f = datetimeFields(ticks);
      return datetimeFromFields(f.year, f.month + offset, 1);
    }
    case 'year':
      return datetimeFromFields(datetimeFields(ticks).year + offset, 1, 1);
  }
}

/** f(date[, offset]) with a null date or offset giving null, and results outside 0001-9999 null. */
export function periodFunction(args: Scalar[], f: (ticks: number, offset: number) => number): Scalar {
  const [date, offset] = args;
  const apply = (d: unknown, o: unknown): number | null =>
    typeof d === 'number' && typeof o === 'number' ? inDatetimeRange(f(d, Math.trunc(o))) : null;
  if (!offset) return map1('datetime', date, (d) => apply(d, 0));
  return mapN('datetime', [date, offset], ([d, o]) => apply(d, o));
}

function startOf(name: string, period: Period): ScalarFunction {
  return { names: [name], compile: (args) => periodFunction(args, (d, o) => startOfPeriod(period, d, o)) };
}

export const startofday = startOf('startofday', 'day');
export const startofweek = startOf('startofweek', 'week');
export const startofmonth = startOf('startofmonth', 'month');
export const startofyear = startOf('startofyear', 'year');
