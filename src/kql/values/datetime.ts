/**
 * datetime and timespan values are held as counts of 100 ns ticks, Kusto's own unit, in a double.
 * A timespan is a plain tick count. A datetime counts ticks from TICK_EPOCH (2020-01-01) rather
 * than from 1970: a double holds integers exactly up to 2^53, which is ±28.5 years of ticks, so
 * every datetime from mid-1991 to mid-2048 keeps all seven fractional digits (Defender's
 * Timestamps do use the seventh), and datetime − datetime and datetime ± timespan stay exact.
 * Farther dates are still ordered correctly; they only round to a coarser tick.
 */

export const TICKS_PER_MS = 10_000;
export const TICKS_PER_SECOND = 10_000_000;
export const TICKS_PER_MINUTE = 600_000_000;
export const TICKS_PER_HOUR = 36_000_000_000;
export const TICKS_PER_DAY = 864_000_000_000;

/** 2020-01-01T00:00:00Z in Unix milliseconds. */
const TICK_EPOCH_MS = 1_577_836_800_000;

/** A JavaScript time (Unix ms, may carry a fraction) as an engine datetime. */
export function datetimeFromMs(ms: number): number {
  const whole = Math.floor(ms);
  return (whole - TICK_EPOCH_MS) * TICKS_PER_MS + Math.round((ms - whole) * TICKS_PER_MS);
}

export function datetimeFromDate(date: Date): number {
  return datetimeFromMs(date.getTime());
}

/** An engine datetime as Unix milliseconds (sub-millisecond ticks become a fraction). */
export function datetimeToMs(ticks: number): number {
  return TICK_EPOCH_MS + ticks / TICKS_PER_MS;
}

/** An engine datetime as a JavaScript Date (what the Log Analytics SDK returns): milliseconds only. */
export function datetimeToDate(ticks: number): Date {
  return new Date(Math.floor(TICK_EPOCH_MS + Math.floor(ticks / TICKS_PER_MS)));
}

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|GMT|UTC|[+-]\d{2}:?\d{2})?$/i;

/** Value of the `n` ASCII digits of `text` at `at`, or -1 when one is not a digit. */
function digitsAt(text: string, at: number, n: number): number {
  let v = 0;
  for (let k = at; k < at + n; k++) {
    const d = text.charCodeAt(k) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The form telemetry carries on every row, `2026-11-20T10:00:00.1234567Z` (no fraction, or 1-9
 * digits of it), read without a regex: what parseDatetime's ISO branch gives for it; NaN for any
 * other text, which then takes that branch.
 */
export function parseIsoUtc(text: string): number {
  const n = text.length;
  if (n < 20 || n > 30 || text.charCodeAt(n - 1) !== 90 /* Z */) return NaN;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return NaN;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  // Years below 100 need the regex branch's correction of Date.UTC; bad fields its checks.
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || minute < 0 || second < 0) return NaN;
  let fraction = 0;
  if (n > 20) {
    const digits = n - 21;
    if (text.charCodeAt(19) !== 46 || digits < 1 || digits > 9) return NaN;
    // Ticks are the first seven digits; more are cut, as in the ISO branch.
    const kept = Math.min(digits, 7);
    fraction = digitsAt(text, 20, kept);
    if (fraction < 0 || (digits > 7 && digitsAt(text, 27, digits - 7) < 0)) return NaN;
    for (let k = kept; k < 7; k++) fraction *= 10;
  } else if (text.charCodeAt(19) !== 90) return NaN;
  return (Date.UTC(year, month - 1, day, hour, minute, second) - TICK_EPOCH_MS) * TICKS_PER_MS + fraction;
}

/** Parses the ISO-8601-like forms Kusto accepts; a missing zone means UTC. NaN when unparseable. */
export function parseDatetime(text: string): number {
  const fast = parseIsoUtc(text);
  if (fast === fast) return fast;
  const m = ISO.exec(text.trim());
  if (!m) {
    const ms = Date.parse(text);
    if (Number.isNaN(ms)) return NaN;
    // Date.parse reads text without a zone ("02/17/2016 08:40:01") as the machine's local time;
    // Kusto reads it as UTC, on every machine.
    if (/(?:\bGMT|\bUTC|Z|[+-]\d{2}:?\d{2})\s*$/i.test(text.trim())) return datetimeFromMs(ms);
    return datetimeFromMs(ms - new Date(ms).getTimezoneOffset() * 60_000);
  }
  const month = +m[2];
  const day = +m[3];
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  let ms = Date.UTC(+m[1], month - 1, day, m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  // Date.UTC maps years 0-99 to 1900-1999.
  if (+m[1] < 100) ms = new Date(ms).setUTCFullYear(+m[1]);
  const zone = m[8];
  if (zone && !/^(Z|GMT|UTC)$/i.test(zone)) {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  const fraction = m[7] ? Number(m[7].padEnd(7, '0').slice(0, 7)) : 0;
  return (ms - TICK_EPOCH_MS) * TICKS_PER_MS + fraction;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Splits a datetime into the Unix ms of its whole second and the ticks within that second. */
export function splitDatetime(ticks: number): { secondMs: number; subTicks: number } {
  const seconds = Math.floor(ticks / TICKS_PER_SECOND);
  return { secondMs: TICK_EPOCH_MS + seconds * 1000, subTicks: ticks - seconds * TICKS_PER_SECOND };
}

/** ISO 8601 UTC with an explicit 7-digit fraction, or trimmed of trailing zeros (Kusto's tostring). */
export function formatDatetime(ticks: number, fullFraction = false): string {
  const { secondMs, subTicks } = splitDatetime(ticks);
  const d = new Date(secondMs);
  const digits = pad(Math.round(subTicks), 7);
  const fraction = fullFraction ? `.${digits}` : subTicks > 0 ? `.${digits.replace(/0+$/, '')}` : '';
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction}Z`
  );
}

/** A timespan's magnitude as days, hours, minutes, seconds and the ticks left within the second. */
export function timespanParts(ticks: number): { days: number; hours: number; minutes: number; seconds: number; subTicks: number } {
  let rest = Math.round(Math.abs(ticks));
  const days = Math.floor(rest / TICKS_PER_DAY);
  rest -= days * TICKS_PER_DAY;
  const hours = Math.floor(rest / TICKS_PER_HOUR);
  rest -= hours * TICKS_PER_HOUR;
  const minutes = Math.floor(rest / TICKS_PER_MINUTE);
  rest -= minutes * TICKS_PER_MINUTE;
  const seconds = Math.floor(rest / TICKS_PER_SECOND);
  return { days, hours, minutes, seconds, subTicks: rest - seconds * TICKS_PER_SECOND };
}

/** Kusto's timespan text: [-][d.]hh:mm:ss[.fffffff]. */
export function formatTimespan(ticks: number): string {
  const sign = ticks < 0 ? '-' : '';
  const { days, hours, minutes, seconds, subTicks } = timespanParts(ticks);
  return (
    `${sign}${days ? `${days}.` : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}` + (subTicks ? `.${pad(subTicks, 7)}` : '')
  );
}

const TIMESPAN = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;
const TIMESPAN_UNIT = /^(-)?(\d+(?:\.\d+)?)\s*(d|h|m|s|ms|microsecond|tick|days?|hours?|minutes?|seconds?|milliseconds?|microseconds?|ticks?)$/i;
const UNIT_TICKS: Record<string, number> = {
  d: TICKS_PER_DAY, day: TICKS_PER_DAY, days: TICKS_PER_DAY,
  h: TICKS_PER_HOUR, hour: TICKS_PER_HOUR, hours: TICKS_PER_HOUR,
  m: TICKS_PER_MINUTE, minute: TICKS_PER_MINUTE, minutes: TICKS_PER_MINUTE,
  s: TICKS_PER_SECOND, second: TICKS_PER_SECOND, seconds: TICKS_PER_SECOND,
  ms: TICKS_PER_MS, millisecond: TICKS_PER_MS, milliseconds: TICKS_PER_MS,
  microsecond: 10, microseconds: 10, tick: 1, ticks: 1,
};

/** Parses "[-][d.]hh:mm[:ss[.f]]" and "1.5h"-style forms into ticks; NaN when unparseable. */
export function parseTimespan(text: string): number {
  const t = text.trim();
  const m = TIMESPAN.exec(t);
  if (m) {
    const ticks =
      ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * TICKS_PER_MINUTE +
      Number(m[5] ?? 0) * TICKS_PER_SECOND +
      (m[6] ? Number(m[6].padEnd(7, '0')) : 0);
    return m[1] ? -ticks : ticks;
  }
  const u = TIMESPAN_UNIT.exec(t);
  if (u) {
    const ticks = Math.round(Number(u[2]) * UNIT_TICKS[u[3].toLowerCase()]);
    return u[1] ? -ticks : ticks;
  }
  return NaN;
}

export const TICKS_PER_WEEK = 7 * TICKS_PER_DAY;

/**
 * .NET DateTime ticks (100 ns since 0001-01-01, Kusto's own datetime origin) at TICK_EPOCH. Kusto
 * aligns bin() of datetimes to 0001-01-01, a Monday: 7d bins start on Mondays. The value is past
 * 2^53, so it is only ever used through exact remainders (epochAlignment) or BigInt.
 */
export const DOTNET_TICKS_AT_EPOCH = 637_134_336_000_000_000n;

/**
 * The offset that makes `floor((ticks + r) / size)` count bins of `size` ticks from 0001-01-01:
 * (DOTNET_TICKS_AT_EPOCH mod size), computed exactly. `size` must be a positive whole tick count.
 */
export function epochAlignment(size: number): number {
  return Number(DOTNET_TICKS_AT_EPOCH % BigInt(size));
}

/** A datetime as .NET ticks since 0001-01-01 (what tolong(datetime) and hashes of datetimes see), exactly. */
export function datetimeToDotnetTicks(ticks: number): bigint {
  return DOTNET_TICKS_AT_EPOCH + BigInt(Math.round(ticks));
}

/** The calendar fields of a datetime, in UTC (Kusto's datetimes have no zone). */
export interface DatetimeFields {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Ticks within the second, 0-9,999,999. */
  subTicks: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** 1-366 */
  dayOfYear: number;
}

export function datetimeFields(ticks: number): DatetimeFields {
  const day = Math.floor(ticks / TICKS_PER_DAY);
  let rest = ticks - day * TICKS_PER_DAY;
  const hour = Math.floor(rest / TICKS_PER_HOUR);
  rest -= hour * TICKS_PER_HOUR;
  const minute = Math.floor(rest / TICKS_PER_MINUTE);
  rest -= minute * TICKS_PER_MINUTE;
  const second = Math.floor(rest / TICKS_PER_SECOND);
  const unixDay = day + EPOCH_UNIX_DAYS;
  const { year, month, day: dayOfMonth } = civilFromDays(unixDay);
  return {
    year,
    month,
    day: dayOfMonth,
    hour,
    minute,
    second,
    subTicks: Math.round(rest - second * TICKS_PER_SECOND),
    // 1970-01-01 was a Thursday.
    weekday: mod(unixDay + 4, 7),
    dayOfYear: unixDay - daysFromCivil(year, 1, 1) + 1,
  };
}

/** Days from 1970-01-01 to TICK_EPOCH. */
const EPOCH_UNIX_DAYS = TICK_EPOCH_MS / 86_400_000;

/*
 * Proleptic Gregorian dates and day counts from 1970-01-01, in plain integer arithmetic (no Date
 * objects on per-row paths): H. Hinnant's days_from_civil / civil_from_days
 * (howardhinnant.github.io/date_algorithms.html).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * The datetime of a UTC calendar time (month 1-12); fields out of range carry over (month 13 is
 * January of the next year, day 0 the last day of the month before). NaN for non-finite fields.
 */
export function datetimeFromFields(year: number, month: number, day: number, hour = 0, minute = 0, second = 0, subTicks = 0): number {
  const y = year + Math.floor((month - 1) / 12);
  const m = mod(month - 1, 12) + 1;
  const days = daysFromCivil(y, m, 1) + day - 1 - EPOCH_UNIX_DAYS;
  return days * TICKS_PER_DAY + hour * TICKS_PER_HOUR + minute * TICKS_PER_MINUTE + second * TICKS_PER_SECOND + subTicks;
}

/** Days in a month (1-12) of a year, Gregorian. */
export function daysInMonth(year: number, month: number): number {
  return daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1);
}

/** Kusto's datetime range, [0001-01-01, 10000-01-01), in engine ticks. */
export const MIN_DATETIME = datetimeFromFields(1, 1, 1);
export const END_DATETIME = datetimeFromFields(10000, 1, 1);

/** The datetime itself, or null when it falls outside Kusto's range. */
export function inDatetimeRange(ticks: number): number | null {
  return ticks >= MIN_DATETIME && ticks < END_DATETIME ? ticks : null;
}

/** Midnight of the day holding a datetime (TICK_EPOCH is a midnight, so whole days align to it). */
export function startOfDay(ticks: number): number {
  return ticks - mod(ticks, TICKS_PER_DAY);
}

/** The ISO 8601 week number (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekOfYear(ticks: number): number {
  const f = datetimeFields(ticks);
  const thursday = startOfDay(ticks) + (3 - ((f.weekday + 6) % 7)) * TICKS_PER_DAY;
  return Math.floor((datetimeFields(thursday).dayOfYear - 1) / 7) + 1;
}

/** Floored modulo: the result has the divisor's sign. */
export function mod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && (r < 0) !== (b < 0) ? r + b : r;
}

/** 1970-01-01 in engine ticks. */
const UNIX_EPOCH_TICKS = BigInt(-TICK_EPOCH_MS) * BigInt(TICKS_PER_MS);

/**
 * A Unix time counted in units of `ticksPerUnit` ticks (1e7 for seconds … 0.01 for nanoseconds)
 * as an engine datetime, in integer arithmetic so that 1546300800123456 µs keeps its last digit.
 */
export function datetimeFromUnix(value: number, ticksPerUnit: number): number {
  const whole = Math.trunc(value);
  let ticks: bigint;
  if (ticksPerUnit >= 1) {
    ticks = BigInt(whole) * BigInt(ticksPerUnit) + BigInt(Math.round((value - whole) * ticksPerUnit));
  } else {
    ticks = BigInt(whole) / BigInt(Math.round(1 / ticksPerUnit));
  }
  return Number(ticks + UNIX_EPOCH_TICKS);
}
