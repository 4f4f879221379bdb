import { datetimeFromUnix, inDatetimeRange } from '../../values/datetime.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

function fromUnix(name: string, ticksPerUnit: number): ScalarFunction {
  return {
    names: [name],
    compile: ([value]) =>
      map1('datetime', value, (v) =>
        typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e22 / ticksPerUnit ? inDatetimeRange(datetimeFromUnix(v, ticksPerUnit)) : null,
      ),
  };
}

export const unixtimeSecondsTodatetime = fromUnix('unixtime_seconds_todatetime', 10_000_000);
export const unixtimeMillisecondsTodatetime = fromUnix('unixtime_milliseconds_todatetime', 10_000);
export const unixtimeMicrosecondsTodatetime = fromUnix('unixtime_microseconds_todatetime', 10);
export const unixtimeNanosecondsTodatetime = fromUnix('unixtime_nanoseconds_todatetime', 0.01);
