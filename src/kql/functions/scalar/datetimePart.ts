import { datetimeFields, isoWeekOfYear, type DatetimeFields } from '../../values/datetime.js';
import { literalString, mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

type Part = (f: DatetimeFields, ticks: number) => number;

const PARTS = new Map<string, Part>([
  ['year', (f) => f.year],
  ['quarter', (f) => Math.floor((f.month - 1) / 3) + 1],
  ['month', (f) => f.month],
  ['week_of_year', (_f, t) => isoWeekOfYear(t)],
  ['day', (f) => f.day],
  ['dayofyear', (f) => f.dayOfYear],
  ['hour', (f) => f.hour],
  ['minute', (f) => f.minute],
  ['second', (f) => f.second],
  ['millisecond', (f) => Math.floor(f.subTicks / 10_000)],
  ['microsecond', (f) => Math.floor(f.subTicks / 10)],
  ['nanosecond', (f) => f.subTicks * 100],
]);

/** datetime_part(part, datetime) (deprecated: datepart): one calendar field as an int. */
export const datetimePart: ScalarFunction = {
  names: ['datetime_part', 'datepart'],
  compile: ([part, date], call) => {
    const p = PARTS.get(literalString(part, call, 0).toLowerCase());
    return mapN(call.resultType, [date], ([d]) => (p && typeof d === 'number' ? p(datetimeFields(d), d) : null));
  },
};

/** A one-argument function of a datetime's calendar fields (dayofmonth(), getyear() …). */
export function datetimeField(names: string[], part: Part): ScalarFunction {
  return {
    names,
    compile: ([date], call) => mapN(call.resultType, [date], ([d]) => (typeof d === 'number' ? part(datetimeFields(d), d) : null)),
  };
}
