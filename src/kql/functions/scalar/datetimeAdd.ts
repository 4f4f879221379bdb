import {
  datetimeFields,
  datetimeFromFields,
  daysInMonth,
  inDatetimeRange,
  startOfDay,
  TICKS_PER_DAY,
  TICKS_PER_HOUR,
  TICKS_PER_MINUTE,
  TICKS_PER_MS,
  TICKS_PER_SECOND,
  TICKS_PER_WEEK,
} from '../../values/datetime.js';
import { literalString, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** Adds whole months as .NET's AddMonths does: the day is clamped to the target month's length. */
function addMonths(ticks: number, months: number): number {
  const f = datetimeFields(ticks);
  const total = f.year * 12 + (f.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  const day = Math.min(f.day, daysInMonth(year, month));
  return datetimeFromFields(year, month, day) + (ticks - startOfDay(ticks));
}

const FIXED = new Map<string, number>([
  ['week', TICKS_PER_WEEK],
  ['day', TICKS_PER_DAY],
  ['hour', TICKS_PER_HOUR],
  ['minute', TICKS_PER_MINUTE],
  ['second', TICKS_PER_SECOND],
  ['millisecond', TICKS_PER_MS],
  ['microsecond', 10],
]);

type Add = (ticks: number, amount: number) => number;

function adderFor(period: string): Add | null {
  const p = period.toLowerCase();
  if (p === 'year') return (t, n) => addMonths(t, 12 * n);
  if (p === 'quarter') return (t, n) => addMonths(t, 3 * n);
  if (p === 'month') return addMonths;
  // A tick is 100 ns: nanoseconds below a whole tick are dropped.
  if (p === 'nanosecond') return (t, n) => t + Math.trunc(n / 100);
  const unit = FIXED.get(p);
  return unit === undefined ? null : (t, n) => t + n * unit;
}

/** datetime_add(period, amount, datetime): calendar arithmetic for year/quarter/month, fixed units below. */
export const datetimeAdd: ScalarFunction = {
  names: ['datetime_add'],
  compile: ([period, amount, date], call) => {
    const add = adderFor(literalString(period, call, 0));
    return mapN('datetime', [amount, date], ([n, d]) =>
      add && typeof n === 'number' && typeof d === 'number' ? inDatetimeRange(add(d, Math.trunc(n))) : null,
    );
  },
};
