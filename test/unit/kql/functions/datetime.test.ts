import { describe } from 'node:test';
import { kqlCases } from '../../../support/kqlCases.js';

describe('datetime functions', () => {
  describe('bin / floor / bin_at', () => {
    kqlCases([
      { expr: 'bin(4.5, 1)', expect: 4, type: 'real' },
      { expr: 'bin(time(16d), 7d)', expect: '14.00:00:00', type: 'timespan' },
      { expr: 'bin(datetime(1970-05-11 13:45:07), 1d)', expect: '1970-05-11T00:00:00Z', type: 'datetime' },
      { expr: 'bin(7, 3)', expect: 6, type: 'long' },
      { expr: 'bin(-7, 3)', expect: -9 },
      { expr: 'bin(int(7), 3)', expect: 6, type: 'long' },
      { expr: 'bin(7, 2.5)', expect: 5, type: 'real' },
      { expr: 'bin(1, 0)', expect: null },
      { expr: 'bin(1, -1)', expect: null },
      { expr: 'bin(long(null), 1)', expect: null },
      { expr: 'bin(5, long(null))', expect: null },
      { expr: 'bin(datetime(null), 1h)', expect: null },
      { expr: 'floor(4.5, 1)', expect: 4 },
      { expr: 'floor(datetime(2026-01-15 13:45:07.1234567), 1h)', expect: '2026-01-15T13:00:00Z' },
      // The seventh fraction digit survives binning to a tick-sized bin.
      { expr: 'bin(datetime(2026-01-15 13:45:07.1234567), 1tick)', expect: '2026-01-15T13:45:07.1234567Z' },
      { expr: 'bin(datetime(2026-01-15 13:45:07.1234567), 1ms)', expect: '2026-01-15T13:45:07.123Z' },
      // Datetime bins count from 0001-01-01, a Monday: 7d bins start on Mondays.
      { expr: 'bin(datetime(2026-01-15 13:00), 7d)', expect: '2026-01-12T00:00:00Z' },
      { expr: 'bin(datetime(2026-01-12), 7d)', expect: '2026-01-12T00:00:00Z' },
      { expr: 'bin(datetime(2026-01-11 23:59:59.9999999), 7d)', expect: '2026-01-05T00:00:00Z' },
      { expr: 'bin(datetime(2019-12-31 23:59), 7d)', expect: '2019-12-30T00:00:00Z' },
      // 5h does not divide a day: bins run on from 0001-01-01, so 2026-01-15 13:00 is 3h into the bin from 10:00.
      { expr: 'bin(datetime(2026-01-15 13:00), 5h)', expect: '2026-01-15T10:00:00Z' },
      { expr: 'bin_at(6.5, 2.5, 7)', expect: 4.5 },
      { expr: 'bin_at(time(1h), 1d, 12h)', expect: '-12:00:00' },
      { expr: 'bin_at(datetime(2017-05-15 10:20:00.0), 1d, datetime(1970-01-01 12:00:00.0))', expect: '2017-05-14T12:00:00Z' },
      { expr: 'bin_at(datetime(2017-05-17 10:20:00.0), 7d, datetime(2017-06-04 00:00:00.0))', expect: '2017-05-14T00:00:00Z' },
      { expr: 'bin_at(10, 3, 2)', expect: 8, type: 'long' },
      { expr: 'bin_at(10, 0, 2)', expect: null },
      {
        query:
          'datatable(Date:datetime, NumOfEvents:int)[datetime(2018-02-24T15:14),3, datetime(2018-02-24T15:24),4, datetime(2018-02-23T16:14),4, datetime(2018-02-23T17:29),4, datetime(2018-02-26T15:14),5]' +
          ' | summarize TotalEvents=sum(NumOfEvents) by bin_at(Date, 1d, datetime(2018-02-24 15:14:00.0000000))',
        rows: [
          { Date: '2018-02-23T15:14:00Z', TotalEvents: 8 },
          { Date: '2018-02-24T15:14:00Z', TotalEvents: 7 },
          { Date: '2018-02-26T15:14:00Z', TotalEvents: 5 },
        ],
      },
      {
        query:
          'datatable(T:datetime, n:long)[datetime(2026-01-15 10:01), 1, datetime(2026-01-15 10:59), 2, datetime(2026-01-15 11:00), 4, datetime(null), 8]' +
          ' | summarize s = sum(n) by bin(T, 1h)',
        rows: [
          { T: '2026-01-15T10:00:00Z', s: 3 },
          { T: '2026-01-15T11:00:00Z', s: 4 },
          { T: null, s: 8 },
        ],
      },
    ]);
  });

  describe('startof* / endof*', () => {
    const at = 'datetime(2017-01-01 10:10:17)';
    kqlCases([
      {
        query: `range offset from -1 to 1 step 1 | project dayStart = startofday(${at}, offset), dayEnd = endofday(${at}, offset)`,
        rows: [
          { dayStart: '2016-12-31T00:00:00Z', dayEnd: '2016-12-31T23:59:59.9999999Z' },
          { dayStart: '2017-01-01T00:00:00Z', dayEnd: '2017-01-01T23:59:59.9999999Z' },
          { dayStart: '2017-01-02T00:00:00Z', dayEnd: '2017-01-02T23:59:59.9999999Z' },
        ],
        ordered: true,
      },
      {
        query: `range offset from -1 to 1 step 1 | project weekStart = startofweek(${at}, offset), weekEnd = endofweek(${at}, offset)`,
        rows: [
          { weekStart: '2016-12-25T00:00:00Z', weekEnd: '2016-12-31T23:59:59.9999999Z' },
          { weekStart: '2017-01-01T00:00:00Z', weekEnd: '2017-01-07T23:59:59.9999999Z' },
          { weekStart: '2017-01-08T00:00:00Z', weekEnd: '2017-01-14T23:59:59.9999999Z' },
        ],
        ordered: true,
      },
      {
        query: `range offset from -1 to 1 step 1 | project monthStart = startofmonth(${at}, offset), monthEnd = endofmonth(${at}, offset)`,
        rows: [
          { monthStart: '2016-12-01T00:00:00Z', monthEnd: '2016-12-31T23:59:59.9999999Z' },
          { monthStart: '2017-01-01T00:00:00Z', monthEnd: '2017-01-31T23:59:59.9999999Z' },
          { monthStart: '2017-02-01T00:00:00Z', monthEnd: '2017-02-28T23:59:59.9999999Z' },
        ],
        ordered: true,
      },
      {
        query: `range offset from -1 to 1 step 1 | project yearStart = startofyear(${at}, offset), yearEnd = endofyear(${at}, offset)`,
        rows: [
          { yearStart: '2016-01-01T00:00:00Z', yearEnd: '2016-12-31T23:59:59.9999999Z' },
          { yearStart: '2017-01-01T00:00:00Z', yearEnd: '2017-12-31T23:59:59.9999999Z' },
          { yearStart: '2018-01-01T00:00:00Z', yearEnd: '2018-12-31T23:59:59.9999999Z' },
        ],
        ordered: true,
      },
      { expr: 'startofday(datetime(2026-01-15 23:59:59.9999999))', expect: '2026-01-15T00:00:00Z' },
      { expr: 'startofweek(datetime(2026-01-17 12:00))', expect: '2026-01-11T00:00:00Z' },
      { expr: 'startofmonth(datetime(2024-03-31), -1)', expect: '2024-02-01T00:00:00Z' },
      { expr: 'endofmonth(datetime(2024-02-10))', expect: '2024-02-29T23:59:59.9999999Z' },
      { expr: 'startofday(datetime(null))', expect: null, type: 'datetime' },
      { expr: 'startofday(now(), int(null))', expect: null },
      { expr: 'startofyear(datetime(9999-06-01), 1)', expect: null },
      { expr: 'startofday(now())', expect: '2026-01-15T00:00:00Z' },
    ]);
  });

  describe('datetime_diff / datetime_add / datetime_part', () => {
    kqlCases([
      {
        query:
          'print year = datetime_diff("year",datetime(2017-01-01),datetime(2000-12-31)), quarter = datetime_diff("quarter",datetime(2017-07-01),datetime(2017-03-30)),' +
          ' month = datetime_diff("month",datetime(2017-01-01),datetime(2015-12-30)), week = datetime_diff("week",datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)),' +
          ' day = datetime_diff("day",datetime(2017-10-29 00:00),datetime(2017-09-30 23:59)), hour = datetime_diff("hour",datetime(2017-10-31 01:00),datetime(2017-10-30 23:59)),' +
          ' minute = datetime_diff("minute",datetime(2017-10-30 23:05:01),datetime(2017-10-30 23:00:59)), second = datetime_diff("second",datetime(2017-10-30 23:00:10.100),datetime(2017-10-30 23:00:00.900)),' +
          ' millisecond = datetime_diff("millisecond",datetime(2017-10-30 23:00:00.200100),datetime(2017-10-30 23:00:00.100900)),' +
          ' microsecond = datetime_diff("microsecond",datetime(2017-10-30 23:00:00.1009001),datetime(2017-10-30 23:00:00.1008009)),' +
          ' nanosecond = datetime_diff("nanosecond",datetime(2017-10-30 23:00:00.0000000),datetime(2017-10-30 23:00:00.0000007))',
        rows: [{ year: 17, quarter: 2, month: 13, week: 5, day: 29, hour: 2, minute: 5, second: 10, millisecond: 100, microsecond: 100, nanosecond: -700 }],
      },
      { expr: 'datetime_diff("Day", datetime(2026-01-15 00:00:01), datetime(2026-01-14 23:59:59))', expect: 1, type: 'long' },
      { expr: 'datetime_diff("day", datetime(2026-01-14), datetime(2026-01-15 12:00))', expect: -1 },
      { expr: 'datetime_diff("year", datetime(2017-12-31 23:59:59), datetime(2018-01-01))', expect: -1 },
      { expr: 'datetime_diff("minute", datetime(null), now())', expect: null },
      { expr: 'datetime_diff("HOUR", datetime(2026-01-16), datetime(2026-01-15))', expect: 24 },
      { query: 'datatable(p:string)["day"] | extend d = datetime_diff(p, datetime(2026-01-16), datetime(2026-01-15))', error: 'KS131' },
      {
        query:
          'print year = datetime_add("year",1,make_datetime(2017,1,1)), quarter = datetime_add("quarter",1,make_datetime(2017,1,1)), month = datetime_add("month",1,make_datetime(2017,1,1)),' +
          ' week = datetime_add("week",1,make_datetime(2017,1,1)), day = datetime_add("day",1,make_datetime(2017,1,1)), hour = datetime_add("hour",1,make_datetime(2017,1,1)),' +
          ' minute = datetime_add("minute",1,make_datetime(2017,1,1)), second = datetime_add("second",1,make_datetime(2017,1,1))',
        rows: [{ year: '2018-01-01T00:00:00Z', quarter: '2017-04-01T00:00:00Z', month: '2017-02-01T00:00:00Z', week: '2017-01-08T00:00:00Z', day: '2017-01-02T00:00:00Z', hour: '2017-01-01T01:00:00Z', minute: '2017-01-01T00:01:00Z', second: '2017-01-01T00:00:01Z' }],
      },
      {
        query:
          'print year = datetime_add("year",-5,make_datetime(2017,1,1)), quarter = datetime_add("quarter",12,make_datetime(2017,1,1)),' +
          ' month = datetime_add("month",-15,make_datetime(2017,1,1)), week = datetime_add("week",100,make_datetime(2017,1,1))',
        rows: [{ year: '2012-01-01T00:00:00Z', quarter: '2020-01-01T00:00:00Z', month: '2015-10-01T00:00:00Z', week: '2018-12-02T00:00:00Z' }],
      },
      // As .NET's AddMonths: the day is clamped to the end of a shorter month; the time of day stays.
      { expr: 'datetime_add("month", 1, datetime(2017-01-31 10:00:00.1234567))', expect: '2017-02-28T10:00:00.1234567Z' },
      { expr: 'datetime_add("year", 1, datetime(2020-02-29))', expect: '2021-02-28T00:00:00Z' },
      { expr: 'datetime_add("millisecond", 5, datetime(2026-01-15))', expect: '2026-01-15T00:00:00.005Z' },
      { expr: 'datetime_add("microsecond", 5, datetime(2026-01-15))', expect: '2026-01-15T00:00:00.000005Z' },
      { expr: 'datetime_add("nanosecond", 1500, datetime(2026-01-15))', expect: '2026-01-15T00:00:00.0000015Z' },
      { expr: 'datetime_add("day", int(null), datetime(2026-01-15))', expect: null },
      { expr: 'datetime_add("year", 1, datetime(9999-06-01))', expect: null },
      {
        query:
          'let dt = datetime(2017-10-30 01:02:03.7654321); print year = datetime_part("year", dt), quarter = datetime_part("quarter", dt), month = datetime_part("month", dt),' +
          ' weekOfYear = datetime_part("week_of_year", dt), day = datetime_part("day", dt), dayOfYear = datetime_part("dayOfYear", dt), hour = datetime_part("hour", dt),' +
          ' minute = datetime_part("minute", dt), second = datetime_part("second", dt), millisecond = datetime_part("millisecond", dt), microsecond = datetime_part("microsecond", dt),' +
          ' nanosecond = datetime_part("nanosecond", dt)',
        rows: [{ year: 2017, quarter: 4, month: 10, weekOfYear: 44, day: 30, dayOfYear: 303, hour: 1, minute: 2, second: 3, millisecond: 765, microsecond: 765432, nanosecond: 765432100 }],
      },
      { expr: 'datepart("Hour", datetime(2026-01-15 13:00))', expect: 13, type: 'int' },
      { expr: 'datetime_part("year", datetime(null))', expect: null },
    ]);
  });

  describe('calendar parts', () => {
    kqlCases([
      { expr: 'dayofweek(datetime(1947-11-30 10:00:05))', expect: '00:00:00', type: 'timespan' },
      { expr: 'dayofweek(datetime(1970-05-11))', expect: '1.00:00:00' },
      { query: 'let dow=dayofweek(datetime(1970-5-12)); print Timespan = dow, Integer = toint(dow/1d)', rows: [{ Timespan: '2.00:00:00', Integer: 2 }] },
      { expr: 'dayofweek(datetime(null))', expect: null },
      { expr: 'dayofmonth(datetime(2015-12-14))', expect: 14, type: 'int' },
      { expr: 'dayofyear(datetime(2015-12-14))', expect: 348, type: 'int' },
      { expr: 'dayofyear(datetime(2024-12-31))', expect: 366 },
      { expr: 'hourofday(datetime(2015-12-14 18:54))', expect: 18, type: 'int' },
      { expr: 'monthofyear(datetime("2015-12-14"))', expect: 12, type: 'int' },
      { expr: 'getmonth(datetime(2015-10-12))', expect: 10 },
      { expr: 'getyear(datetime(2015-10-12))', expect: 2015, type: 'int' },
      { expr: 'week_of_year(datetime(2020-12-31))', expect: 53, type: 'int' },
      { expr: 'week_of_year(datetime(2020-06-15))', expect: 25 },
      { expr: 'week_of_year(datetime(1970-01-01))', expect: 1 },
      { expr: 'week_of_year(datetime(2000-01-01))', expect: 52 },
      { expr: 'weekofyear(datetime(2021-01-04))', expect: 1 },
      { expr: 'getyear(datetime(null))', expect: null },
    ]);
  });

  describe('format_datetime / format_timespan', () => {
    kqlCases([
      { query: 'let dt = datetime(2017-01-29 09:00:05); print v1=format_datetime(dt,"yy-MM-dd [HH:mm:ss]")', rows: [{ v1: '17-01-29 [09:00:05]' }] },
      { query: 'let dt = datetime(2017-01-29 09:00:05); print v2=format_datetime(dt, "yyyy-M-dd [H:mm:ss]")', rows: [{ v2: '2017-1-29 [9:00:05]' }] },
      { query: 'let dt = datetime(2017-01-29 09:00:05); print v3=format_datetime(dt, "yy-MM-dd [hh:mm:ss tt]")', rows: [{ v3: '17-01-29 [09:00:05 AM]' }] },
      { expr: 'format_datetime(datetime(2009-06-15T13:45:30.6175425), "fffffff")', expect: '6175425' },
      { expr: 'format_datetime(datetime(2009-06-15T13:45:30.6170000), "f ff fff ffff F FF FFF FFFF")', expect: '6 61 617 6170 6 61 617 617' },
      { expr: 'format_datetime(datetime(2009-06-15T13:45:30.0001150), "FFFFFFF|fffffff")', expect: '000115|0001150' },
      { expr: 'format_datetime(datetime(2009-06-15T13:45:30.05), "f|F")', expect: '0|' },
      // As in .NET, an all-zero F fraction also drops the '.' before it.
      { expr: 'format_datetime(datetime(2009-06-15T13:45:30), "HH:mm:ss.FFF")', expect: '13:45:30' },
      { expr: 'format_datetime(datetime(2009-06-15T13:45:30.5), "HH:mm:ss.FFF")', expect: '13:45:30.5' },
      { expr: 'format_datetime(datetime(2009-06-15T13:45:30), "h hh H HH tt")', expect: '1 01 13 13 PM' },
      { expr: 'format_datetime(datetime(2009-06-15T00:05:09), "h:m:s tt")', expect: '12:5:9 AM' },
      { expr: 'format_datetime(datetime(0900-01-01), "y|yy|yyyy")', expect: '0|00|0900' },
      { expr: 'format_datetime(datetime(2009-06-15), "y|yy|yyyy|d|dd|M|MM")', expect: '9|09|2009|15|15|6|06' },
      { expr: 'format_datetime(datetime(2026-01-15 10:20:30), "yyyy/MM/dd_HH,mm")', expect: '2026/01/15_10,20' },
      { expr: 'format_datetime(datetime(null), "yyyy")', expect: '' },
      { query: 'datatable(t:datetime)[datetime(2026-01-15 10:20), datetime(null)] | extend s = format_datetime(t, "HH:mm")', rows: [{ t: '2026-01-15T10:20:00Z', s: '10:20' }, { t: null, s: '' }] },
      { query: 'print format_datetime(now(), "yyyy-MM-ddTHH:mm")', error: "format element 'T'" },
      { query: 'print format_datetime(now(), "dd MMM yyyy")', error: "format_datetime() format element 'MMM' is not supported" },
      { query: 'let t = time(29.09:00:05.12345); print v1=format_timespan(t, "dd.hh:mm:ss:FF"), v2=format_timespan(t, "ddd.h:mm:ss [fffffff]")', rows: [{ v1: '29.09:00:05:12', v2: '029.9:00:05 [1234500]' }] },
      { expr: 'format_timespan(time(15.13:45:30.6175425), "d dd ddd H HH m mm s ss f FFFFFFF")', expect: '15 15 015 13 13 45 45 30 30 6 6175425' },
      { expr: 'format_timespan(time(15.13:45:30), "d.HH:mm:ss FF")', expect: '15.13:45:30 ' },
      { expr: 'format_timespan(-90m, "hh:mm")', expect: '01:30' },
      { expr: 'format_timespan(timespan(null), "hh")', expect: '' },
      { query: 'print format_timespan(1h, "hh:mm tt")', error: "format_timespan() format element 'tt'" },
    ]);
  });

  describe('make_datetime / make_timespan / totimespan / unixtime_*', () => {
    kqlCases([
      { expr: 'make_datetime(2017,10,01)', expect: '2017-10-01T00:00:00Z', type: 'datetime' },
      { expr: 'make_datetime(2017,10,01,12,10)', expect: '2017-10-01T12:10:00Z' },
      { expr: 'make_datetime(2017,10,01,12,11,0.1234567)', expect: '2017-10-01T12:11:00.1234567Z' },
      { expr: 'make_datetime(2017,2,29)', expect: null },
      { expr: 'make_datetime(2017,13,1)', expect: null },
      { expr: 'make_datetime(2017,1,1,24,0)', expect: null },
      { expr: 'make_datetime(int(null),1,1)', expect: null },
      { expr: 'make_timespan(1,12,30,55)', expect: '1.12:30:55', type: 'timespan' },
      { expr: 'make_timespan(1, 30)', expect: '01:30:00' },
      { expr: 'make_timespan(1, 30, 5)', expect: '01:30:05' },
      { expr: 'make_timespan(25, 0)', expect: null },
      { query: 'print minsStr=totimespan("0.00:03:00"), days=totimespan(4d), hour=totimespan(5 * 1h), mins=totimespan(5 * 2m), seconds=totimespan(5 * 4s), timespanMin=timespan(25min)', rows: [{ minsStr: '00:03:00', days: '4.00:00:00', hour: '05:00:00', mins: '00:10:00', seconds: '00:00:20', timespanMin: '00:25:00' }] },
      { expr: 'totime("1.5h")', expect: '01:30:00' },
      { expr: 'totimespan("not a time")', expect: null },
      { expr: 'totimespan(dynamic("00:00:10"))', expect: '00:00:10' },
      { expr: 'totimespan(dynamic(10))', expect: null },
      { query: 'print totimespan(10)', error: 'totimespan() of a long' },
      { expr: 'unixtime_seconds_todatetime(1546300800)', expect: '2019-01-01T00:00:00Z', type: 'datetime' },
      { expr: 'unixtime_seconds_todatetime(-1.5)', expect: '1969-12-31T23:59:58.5Z' },
      { expr: 'unixtime_milliseconds_todatetime(1546300800123)', expect: '2019-01-01T00:00:00.123Z' },
      { expr: 'unixtime_microseconds_todatetime(1546300800123456)', expect: '2019-01-01T00:00:00.123456Z' },
      { expr: 'unixtime_nanoseconds_todatetime(1546300800000000000)', expect: '2019-01-01T00:00:00Z' },
      { expr: 'unixtime_seconds_todatetime(real(null))', expect: null },
      { expr: 'unixtime_seconds_todatetime(1e300)', expect: null },
      { query: 'datatable(s:long)[1546300800, long(null)] | extend t = unixtime_seconds_todatetime(s)', rows: [{ s: 1546300800, t: '2019-01-01T00:00:00Z' }, { s: null, t: null }] },
    ]);
  });

  describe('todatetime / time zones / timespan literals', () => {
    kqlCases([
      { expr: 'todatetime("2015-12-31 23:59:59.9")', expect: '2015-12-31T23:59:59.9Z' },
      { expr: 'todatetime("12-02-2022") == datetime("12-02-2022")', expect: true },
      { expr: 'todatetime("2026-01-15T10:00:00.1234567Z")', expect: '2026-01-15T10:00:00.1234567Z' },
      { expr: 'todatetime(dynamic("2026-01-15"))', expect: '2026-01-15T00:00:00Z' },
      { expr: 'todatetime(parse_json("{\\"t\\":\\"2026-01-15 10:00\\"}").t)', expect: '2026-01-15T10:00:00Z' },
      { expr: 'todatetime(dynamic(5))', expect: null },
      { expr: 'todatetime("yesterday")', expect: null },
      { expr: 'todatetime("")', expect: null },
      { query: 'print todatetime(1)', error: 'todatetime() of a long' },
      {
        query:
          'print dt=datetime(2022-07-11 22:18:48.4678620) | extend pacific_dt = datetime_utc_to_local(dt, "US/Pacific"), canberra_dt = datetime_utc_to_local(dt, "Australia/Canberra")' +
          ' | extend diff = pacific_dt - canberra_dt, back = datetime_local_to_utc(pacific_dt, "US/Pacific")',
        rows: [{ dt: '2022-07-11T22:18:48.467862Z', pacific_dt: '2022-07-11T15:18:48.467862Z', canberra_dt: '2022-07-12T08:18:48.467862Z', diff: '-17:00:00', back: '2022-07-11T22:18:48.467862Z' }],
      },
      { expr: 'datetime_local_to_utc(datetime(2022-01-05 10:00), "Europe/Berlin")', expect: '2022-01-05T09:00:00Z' },
      { expr: 'datetime_utc_to_local(datetime(2022-01-05 10:00), "Not/AZone")', expect: null },
      { expr: 'time(1.02:03:04)', expect: '1.02:03:04' },
      { expr: 'timespan(2)', expect: '2.00:00:00' },
      { expr: 'time(0.12:34:56.7)', expect: '12:34:56.7000000' },
      { expr: 'timespan(15 seconds)', expect: '00:00:15' },
      { expr: 'time(null)', expect: null },
    ]);
  });
});
