import { Duration as LuxonDuration } from 'luxon';
import type { Duration } from '../hunts/hunt.js';

/**
 * Parses an ISO 8601 duration (P1D, PT15M, P1DT12H, P2W). Months and years are refused: their length
 * varies, and a lookback must mean the same span every run.
 */
export function parseDuration(text: string): Duration | { error: string } {
  const iso = text.trim();
  const datePart = iso.toUpperCase().split('T')[0];
  if (datePart.startsWith('P') && /[YM]/.test(datePart)) {
    return { error: `"${text}" uses months or years, whose length varies; write days instead (e.g. P30D)` };
  }
  const parsed = LuxonDuration.fromISO(iso);
  if (!parsed.isValid) {
    return { error: `"${text}" is not an ISO 8601 duration (examples: PT15M, PT1H, P1D, P7D)` };
  }
  const ms = parsed.toMillis();
  if (!(ms > 0)) return { error: `"${text}" must be longer than zero` };
  return { iso, ms };
}

export function durationFromMs(ms: number): Duration {
  const parts = LuxonDuration.fromMillis(ms).shiftTo('days', 'hours', 'minutes', 'seconds', 'milliseconds').toObject();
  const nonZero = Object.fromEntries(Object.entries(parts).filter(([, v]) => v));
  return { iso: LuxonDuration.fromObject(nonZero).toISO() ?? `PT${ms / 1000}S`, ms };
}

/** Kusto timespan literals as Sentinel YAML writes them (queryPeriod: 1d, queryFrequency: 5h, 30m). */
export function parseKustoTimespan(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(d|h|m|s|ms)\s*$/i.exec(text);
  if (!m) return null;
  const unit = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[m[2].toLowerCase() as 'd'];
  return Number(m[1]) * unit;
}
