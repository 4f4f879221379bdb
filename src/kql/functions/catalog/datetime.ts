import { ago } from '../scalar/ago.js';
import { bin } from '../scalar/bin.js';
import { binAt } from '../scalar/binAt.js';
import { datetimeAdd } from '../scalar/datetimeAdd.js';
import { datetimeDiff } from '../scalar/datetimeDiff.js';
import { datetimePart } from '../scalar/datetimePart.js';
import { datetimeLocalToUtc, datetimeUtcToLocal } from '../scalar/datetimeTimezone.js';
import { dayofmonth } from '../scalar/dayofmonth.js';
import { dayofweek } from '../scalar/dayofweek.js';
import { dayofyear } from '../scalar/dayofyear.js';
import { endofday, endofmonth, endofweek, endofyear } from '../scalar/endof.js';
import { formatDatetime } from '../scalar/formatDatetime.js';
import { formatTimespan } from '../scalar/formatTimespan.js';
import { getmonth } from '../scalar/getmonth.js';
import { getyear } from '../scalar/getyear.js';
import { hourofday } from '../scalar/hourofday.js';
import { makeDatetime } from '../scalar/makeDatetime.js';
import { makeTimespan } from '../scalar/makeTimespan.js';
import { now } from '../scalar/now.js';
import { startofday, startofmonth, startofweek, startofyear } from '../scalar/startof.js';
import {
  unixtimeMicrosecondsTodatetime,
  unixtimeMillisecondsTodatetime,
  unixtimeNanosecondsTodatetime,
  unixtimeSecondsTodatetime,
} from '../scalar/unixtimeTodatetime.js';
import { weekOfYear } from '../scalar/weekOfYear.js';
import type { ScalarFunction } from '../types.js';

/** Date and time functions. */
export const DATETIME_FUNCTIONS: ScalarFunction[] = [
  ago, now, bin, binAt,
  startofday, startofweek, startofmonth, startofyear, endofday, endofweek, endofmonth, endofyear,
  datetimeAdd, datetimeDiff, datetimePart, formatDatetime, formatTimespan,
  dayofweek, dayofmonth, dayofyear, hourofday, getmonth, getyear, weekOfYear,
  makeDatetime, makeTimespan, datetimeUtcToLocal, datetimeLocalToUtc,
  unixtimeSecondsTodatetime, unixtimeMillisecondsTodatetime, unixtimeMicrosecondsTodatetime, unixtimeNanosecondsTodatetime,
];
