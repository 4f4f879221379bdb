import type { KNode } from '../../kusto.js';
import { datetimeFields, type DatetimeFields } from '../../values/datetime.js';
import { tokenizePattern } from '../../values/formatPattern.js';
import { literalString, map1 } from '../helpers.js';
import type { ScalarCall, ScalarFunction } from '../types.js';

type Emit = (f: DatetimeFields, out: string) => string;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
const fraction = (f: DatetimeFields, digits: number): string => pad(f.subTicks, 7).slice(0, digits);

/** Emitters for the format elements Kusto documents, keyed by letter and run length. */
function element(letter: string, count: number): Emit | null {
  const two = (get: (f: DatetimeFields) => number): Emit | null =>
    count === 1 ? (f, out) => out + String(get(f)) : count === 2 ? (f, out) => out + pad(get(f), 2) : null;
  switch (letter) {
    case 'd':
      return two((f) => f.day);
    case 'M':
      return two((f) => f.month);
    case 'H':
      return two((f) => f.hour);
    case 'h':
      return two((f) => f.hour % 12 || 12);
    case 'm':
      return two((f) => f.minute);
    case 's':
      return two((f) => f.second);
    case 'y':
      if (count === 4) return (f, out) => out + pad(f.year, 4);
      return two((f) => f.year % 100);
    case 't':
      return count === 2 ? (f, out) => out + (f.hour < 12 ? 'AM' : 'PM') : null;
    case 'f':
      return count <= 7 ? (f, out) => out + fraction(f, count) : null;
    case 'F':
      // As in .NET: trailing zeros dropped; an all-zero fraction also drops the '.' before it.
      return count <= 7
        ? (f, out) => {
            const digits = fraction(f, count).replace(/0+$/, '');
            return digits ? out + digits : out.endsWith('.') ? out.slice(0, -1) : out;
          }
        : null;
    default:
      return null;
  }
}

/** Compiles a pattern once; throws the engine's "not supported" error for elements outside the docs. */
function compilePattern(format: string, call: ScalarCall, at: KNode): (ticks: number) => string {
  const tokens = tokenizePattern(format);
  const bad = (what: string) => call.cx.unsupported(at, `format_datetime() format element '${what}'`);
  if (!Array.isArray(tokens)) throw bad(tokens.unsupported);
  const emits: Emit[] = tokens.map((t) => {
    if ('literal' in t) return (_f, out) => out + t.literal;
    const e = element(t.letter, t.count);
    if (!e) throw bad(t.letter.repeat(t.count));
    return e;
  });
  return (ticks) => {
    const f = datetimeFields(ticks);
    let out = '';
    for (const e of emits) out = e(f, out);
    return out;
  };
}

/** format_datetime(date, format): the elements of the KQL reference (d, dd, f…fffffff, F…, h, H, m, M, s, y, yy, yyyy, tt). */
export const formatDatetime: ScalarFunction = {
  names: ['format_datetime'],
  compile: ([date, format], call) => {
    const fmt = compilePattern(literalString(format, call, 1), call, call.argNodes[1]);
    return map1('string', date, (d) => (typeof d === 'number' ? fmt(d) : ''));
  },
};
