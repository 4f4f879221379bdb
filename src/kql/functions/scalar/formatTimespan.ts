import type { KNode } from '../../kusto.js';
import { timespanParts } from '../../values/datetime.js';
import { tokenizePattern } from '../../values/formatPattern.js';
import { literalString, map1 } from '../helpers.js';
import type { ScalarCall, ScalarFunction } from '../types.js';

interface Parts {
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  fraction: string;
}

type Emit = (p: Parts) => string;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function element(letter: string, count: number): Emit | null {
  const two = (get: (p: Parts) => number): Emit | null =>
    count === 1 ? (p) => String(get(p)) : count === 2 ? (p) => pad(get(p), 2) : null;
  switch (letter) {
    case 'd':
      return count <= 8 ? (p) => pad(p.days, count) : null;
    case 'h':
    case 'H':
      return two((p) => p.hours);
    case 'm':
      return two((p) => p.minutes);
    case 's':
      return two((p) => p.seconds);
    case 'f':
      return count <= 7 ? (p) => p.fraction.slice(0, count) : null;
    case 'F':
      return count <= 7 ? (p) => p.fraction.slice(0, count).replace(/0+$/, '') : null;
    default:
      return null;
  }
}

function compilePattern(format: string, call: ScalarCall, at: KNode): (ticks: number) => string {
  const tokens = tokenizePattern(format);
  const bad = (what: string) => call.cx.unsupported(at, `format_timespan() format element '${what}'`);
  if (!Array.isArray(tokens)) throw bad(tokens.unsupported);
  const emits: Emit[] = tokens.map((t) => {
    if ('literal' in t) return () => t.literal;
    const e = element(t.letter, t.count);
    if (!e) throw bad(t.letter.repeat(t.count));
    return e;
  });
  return (ticks) => {
    // As .NET's custom TimeSpan formats, which print no sign: the parts are of the magnitude.
    const { days, hours, minutes, seconds, subTicks } = timespanParts(ticks);
    const parts: Parts = { days, hours, minutes, seconds, fraction: pad(subTicks, 7) };
    let out = '';
    for (const e of emits) out += e(parts);
    return out;
  };
}

/** format_timespan(span, format): d…dddddddd, h/hh/H/HH, m, mm, s, ss, f… and F… as in the KQL reference. */
export const formatTimespan: ScalarFunction = {
  names: ['format_timespan'],
  compile: ([span, format], call) => {
    const fmt = compilePattern(literalString(format, call, 1), call, call.argNodes[1]);
    return map1('string', span, (s) => (typeof s === 'number' ? fmt(s) : ''));
  },
};
