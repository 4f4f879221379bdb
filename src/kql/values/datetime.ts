/**
 * datetime and timespan values are held as milliseconds (float): datetime since the Unix epoch,
 * timespan as a duration. A double resolves about 0.25 µs around today's dates: enough to keep
 * Defender's timestamps apart to the microsecond (where JS Dates would tie at the millisecond),
 * not enough for their 7th digit (100 ns ticks), so text forms round to whole microseconds.
 */

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Parses the ISO-8601-like forms Kusto accepts; a missing zone means UTC. NaN when unparseable. */
export function parseDatetime(text: string): number {
  const m = ISO.exec(text.trim());
  if (!m) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? NaN : ms;
  }
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 0, m[5] ? +m[5] : 0, m[6] ? +m[6] : 0);
  if (m[7]) ms += Number(`0.${m[7]}`) * 1000;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return ms;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Kusto's tostring(datetime): ISO 8601 UTC, 7-digit fraction with trailing zeros trimmed. */
export function formatDatetime(ms: number): string {
  const whole = Math.floor(ms);
  const d = new Date(whole);
  const micros = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1000);
  let fraction = micros > 0 ? pad(Math.min(micros, 999_999), 6).replace(/0+$/, '') : '';
  if (fraction) fraction = `.${fraction}`;
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${fraction}Z`
  );
}

/** Kusto's timespan text: [-][d.]hh:mm:ss[.fffffff]. */
export function formatTimespan(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  // Whole microseconds: the resolution the engine holds (see above).
  let ticks = Math.round(Math.abs(ms) * 1000) * 10;
  const days = Math.floor(ticks / 864_000_000_000);
  ticks -= days * 864_000_000_000;
  const hours = Math.floor(ticks / 36_000_000_000);
  ticks -= hours * 36_000_000_000;
  const minutes = Math.floor(ticks / 600_000_000);
  ticks -= minutes * 600_000_000;
  const seconds = Math.floor(ticks / 10_000_000);
  ticks -= seconds * 10_000_000;
  return (
    `${sign}${days ? `${days}.` : ''}${pad(hours)}:${pad(minutes)}:${pad(seconds)}` +
    (ticks ? `.${pad(ticks, 7)}` : '')
  );
}

const TIMESPAN = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?$/;

/** Parses "[-][d.]hh:mm[:ss[.f]]"; NaN when unparseable. */
export function parseTimespan(text: string): number {
  const m = TIMESPAN.exec(text.trim());
  if (!m) return NaN;
  const ms =
    ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60_000 +
    Number(m[5] ?? 0) * 1000 +
    (m[6] ? Number(`0.${m[6]}`) * 1000 : 0);
  return m[1] ? -ms : ms;
}
