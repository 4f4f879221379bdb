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

/** Parses the ISO-8601-like forms Kusto accepts; a missing zone means UTC. NaN when unparseable. */
export function parseDatetime(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? NaN : datetimeFromMs(ms);
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

/** Kusto's timespan text: [-][d.]hh:mm:ss[.fffffff]. */
export function formatTimespan(ticks: number): string {
  const sign = ticks < 0 ? '-' : '';
  let rest = Math.round(Math.abs(ticks));
  const days = Math.floor(rest / TICKS_PER_DAY);
  rest -= days * TICKS_PER_DAY;
  const hours = Math.floor(rest / TICKS_PER_HOUR);
  rest -= hours * TICKS_PER_HOUR;
  const minutes = Math.floor(rest / TICKS_PER_MINUTE);
  rest -= minutes * TICKS_PER_MINUTE;
  const seconds = Math.floor(rest / TICKS_PER_SECOND);
  rest -= seconds * TICKS_PER_SECOND;
  return (
    `${sign}${days ? `${days}.` : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}` + (rest ? `.${pad(rest, 7)}` : '')
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
