import {
  datetimeFields,
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
import { startOfPeriod } from './startof.js';

type Diff = (a: number, b: number) => number;

/** Boundaries of a fixed unit crossed between b and a (every such unit divides a day, so the tick epoch aligns). */
const crossed =
  (unit: number): Diff =>
  (a, b) =>
    Math.floor(a / unit) - Math.floor(b / unit);

const monthIndex = (t: number): number => {
  const f = datetimeFields(t);
  return f.year * 12 + f.month - 1;
};

const DIFFS = new Map<string, Diff>([
  ['year', (a, b) => datetimeFields(a).year - datetimeFields(b).year],
  ['quarter', (a, b) => Math.floor(monthIndex(a) / 3) - Math.floor(monthIndex(b) / 3)],
  ['month', (a, b) => monthIndex(a) - monthIndex(b)],
  // Weeks start on Sunday, as in startofweek().
  ['week', (a, b) => Math.round((startOfPeriod('week', a, 0) - startOfPeriod('week', b, 0)) / TICKS_PER_WEEK)],
  ['day', (a, b) => Math.round((startOfDay(a) - startOfDay(b)) / TICKS_PER_DAY)],
  ['hour', crossed(TICKS_PER_HOUR)],
  ['minute', crossed(TICKS_PER_MINUTE)],
  ['second', crossed(TICKS_PER_SECOND)],
  ['millisecond', crossed(TICKS_PER_MS)],
  ['microsecond', crossed(10)],
  ['nanosecond', (a, b) => (a - b) * 100],
]);

/**
 * datetime_diff(period, d1, d2): how many period boundaries lie between d2 and d1 (calendar
 * semantics, like SQL's DATEDIFF: 2017-01-01 minus 2016-12-31 is 1 year).
 */
export const datetimeDiff: ScalarFunction = {
  names: ['datetime_diff'],
  compile: ([period, a, b], call) => {
    const diff = DIFFS.get(literalString(period, call, 0).toLowerCase());
    return mapN(call.resultType, [a, b], ([x, y]) => (diff && typeof x === 'number' && typeof y === 'number' ? diff(x, y) : null));
  },
};
