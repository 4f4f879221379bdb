import { toKqlString } from '../../values/convert.js';
import type { Scalar } from '../types.js';
import { binary } from './binary.js';

export type StringTest = 'has' | 'contains' | 'startswith' | 'endswith' | 'hasprefix' | 'hassuffix';

/** A term character: Kusto splits strings into maximal runs of alphanumerics. */
function isTermChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}

/** needle occurs in hay with term boundaries on the sides where needle itself starts/ends a term. */
function hasTerm(hay: string, needle: string, prefixOnly: boolean, suffixOnly: boolean): boolean {
  if (needle.length === 0) return true;
  const checkStart = !suffixOnly && isTermChar(needle.charCodeAt(0));
  const checkEnd = !prefixOnly && isTermChar(needle.charCodeAt(needle.length - 1));
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) {
    const end = at + needle.length;
    if (checkStart && at > 0 && isTermChar(hay.charCodeAt(at - 1))) continue;
    if (checkEnd && end < hay.length && isTermChar(hay.charCodeAt(end))) continue;
    return true;
  }
  return false;
}

const TESTS: Record<StringTest, (hay: string, needle: string) => boolean> = {
  has: (h, n) => hasTerm(h, n, false, false),
  hasprefix: (h, n) => hasTerm(h, n, true, false),
  hassuffix: (h, n) => hasTerm(h, n, false, true),
  contains: (h, n) => h.includes(n),
  startswith: (h, n) => h.startsWith(n),
  endswith: (h, n) => h.endsWith(n),
};

/** has/contains/startswith/endswith (+ prefix/suffix), their `!` negations and `_cs` variants. */
export function stringTest(l: Scalar, r: Scalar, test: StringTest, caseSensitive: boolean, negate: boolean): Scalar {
  const norm = (s: Scalar): Scalar => {
    const t = s.type;
    const conv = caseSensitive
      ? t === 'string'
        ? null
        : (v: unknown) => toKqlString(v, t)
      : (v: unknown) => toKqlString(v, t).toLowerCase();
    if (!conv) return s;
    return {
      type: 'string',
      constant: s.constant ? { value: conv(s.constant.value) } : undefined,
      bind: (frame) => {
        const f = s.bind(frame);
        return (i) => conv(f(i));
      },
    };
  };
  const fn = TESTS[test];
  return binary('bool', norm(l), norm(r), negate ? (a, b) => !fn(a as string, b as string) : (a, b) => fn(a as string, b as string));
}

/** `matches regex`: the pattern is compiled once when constant (JS RegExp approximates RE2). */
export function matchesRegex(l: Scalar, r: Scalar): Scalar {
  const cache = new Map<string, RegExp>();
  const regex = (p: string) => {
    let re = cache.get(p);
    if (!re) {
      re = new RegExp(p);
      cache.set(p, re);
    }
    return re;
  };
  const lt = l.type;
  return binary('bool', l, r, (a, b) => regex(toKqlString(b, 'string')).test(toKqlString(a, lt)));
}
