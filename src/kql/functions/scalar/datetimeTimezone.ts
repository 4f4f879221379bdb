import { binary } from '../../compile/ops/binary.js';
import { datetimeFromMs, inDatetimeRange, splitDatetime } from '../../values/datetime.js';
import type { ScalarFunction } from '../types.js';

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** A formatter giving wall-clock fields in an IANA time zone (Node's ICU holds the zone data); null for an unknown zone. */
function zoneFormatter(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC, in ms, at a UTC instant (whole seconds). */
function offsetMs(f: Intl.DateTimeFormat, utcSecondMs: number): number {
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(new Date(utcSecondMs))) p[part.type] = part.value;
  const year = p.era === 'BC' ? 1 - Number(p.year) : Number(p.year);
  const d = new Date(0);
  d.setUTCFullYear(year, Number(p.month) - 1, Number(p.day));
  d.setUTCHours(Number(p.hour), Number(p.minute), Number(p.second), 0);
  return d.getTime() - utcSecondMs;
}

/** Shifts a datetime by its zone's offset; the sub-second ticks ride along unchanged. */
function shift(ticks: number, zone: string, toLocal: boolean): number | null {
  const f = zoneFormatter(zone);
  if (!f) return null;
  const { secondMs, subTicks } = splitDatetime(ticks);
  let utc: number;
  if (toLocal) utc = secondMs;
  else {
    // The UTC instant whose local time is `secondMs`: take the offset at the guess, then once more
    // at the corrected instant (differs only next to a daylight-saving change). A local time that
    // does not exist (skipped by the change) keeps the first guess, as Kusto does (its reference's
    // example: 02:00 in Brussels on 2022-03-27 is 00:00 UTC).
    const guess = secondMs - offsetMs(f, secondMs);
    const corrected = secondMs - offsetMs(f, guess);
    utc = corrected + offsetMs(f, corrected) === secondMs ? corrected : guess;
  }
  const out = toLocal ? secondMs + offsetMs(f, utc) : utc;
  return inDatetimeRange(datetimeFromMs(out) + subTicks);
}

function zoneFunction(name: string, toLocal: boolean): ScalarFunction {
  return {
    names: [name],
    compile: ([date, zone]) =>
      binary('datetime', date, zone, (d, z) => (typeof d === 'number' && typeof z === 'string' ? shift(d, z, toLocal) : null)),
  };
}

/** datetime_utc_to_local(utc, zone) / datetime_local_to_utc(local, zone) with IANA zone names; an unknown zone gives null. */
export const datetimeUtcToLocal = zoneFunction('datetime_utc_to_local', true);
export const datetimeLocalToUtc = zoneFunction('datetime_local_to_utc', false);

