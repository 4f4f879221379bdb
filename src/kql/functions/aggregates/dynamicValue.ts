import { formatDatetime, formatTimespan } from '../../values/datetime.js';

/**
 * A scalar of `type` as an element of a dynamic value (make_list, percentiles_array, ...): dynamic
 * holds datetimes and timespans as their text, as Kusto does, never as the engine's tick counts.
 */
export function toDynamicElement(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'datetime') return formatDatetime(value as number);
  if (type === 'timespan') return formatTimespan(value as number);
  return value;
}
