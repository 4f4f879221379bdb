import { nullOf } from './convert.js';
import { parseDatetime, parseTimespan } from './datetime.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `to typeof(T)` of mv-expand / mv-apply: an element of a dynamic array held as T. The reference
 * calls this cast-only ("elements that don't conform become null"), so numbers are not parsed from
 * strings nor strings made from numbers. Datetimes, timespans and guids have no JSON form of their
 * own, so they are read from their text (what a dynamic value parsed from JSON holds).
 */
export function castDynamic(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return nullOf(type);
  switch (type) {
    case 'dynamic':
      return value;
    case 'string':
      return typeof value === 'string' ? value : '';
    case 'int':
    case 'long':
      return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'real':
    case 'decimal':
      return typeof value === 'number' ? value : null;
    case 'bool':
      return typeof value === 'boolean' ? value : null;
    case 'datetime': {
      if (typeof value !== 'string') return null;
      const ticks = parseDatetime(value);
      return Number.isNaN(ticks) ? null : ticks;
    }
    case 'timespan': {
      if (typeof value !== 'string') return null;
      const ticks = parseTimespan(value);
      return Number.isNaN(ticks) ? null : ticks;
    }
    case 'guid':
      return typeof value === 'string' && GUID.test(value) ? value.toLowerCase() : null;
    default:
      return null;
  }
}
