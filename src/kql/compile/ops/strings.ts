import type { KNode } from '../../kusto.js';
import { regexArgument } from '../../regex/compile.js';
import { toKqlString } from '../../values/convert.js';
import { hasTerm } from '../../values/terms.js';
import type { Compiler } from '../compiler.js';
import { constantScalar, type Scalar } from '../types.js';
import { binary } from './binary.js';

export type StringTest = 'has' | 'contains' | 'startswith' | 'endswith' | 'hasprefix' | 'hassuffix';

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
  if (!caseSensitive && r.constant && (test === 'startswith' || test === 'endswith')) {
    // Lower-cases only the end of each row it compares, not the whole value (hunts run this on millions of rows).
    const needle = toKqlString(r.constant.value, r.type).toLowerCase();
    const n = needle.length;
    const lt = l.type;
    const ends =
      test === 'startswith'
        ? (h: string) => h.length >= n && h.slice(0, n).toLowerCase() === needle
        : (h: string) => h.length >= n && h.slice(h.length - n).toLowerCase() === needle;
    const f = lt === 'string' ? (v: unknown) => ends(v as string) !== negate : (v: unknown) => ends(toKqlString(v, lt)) !== negate;
    if (l.constant) return constantScalar('bool', f(l.constant.value));
    return {
      type: 'bool',
      bind: (frame) => {
        const fl = l.bind(frame);
        return (i) => f(fl(i));
      },
    };
  }
  const fn = TESTS[test];
  return binary('bool', norm(l), norm(r), negate ? (a, b) => !fn(a as string, b as string) : (a, b) => fn(a as string, b as string));
}

/** `matches regex`: the pattern is compiled once when constant (see regex/translate.ts). */
export function matchesRegex(cx: Compiler, node: KNode, l: Scalar, r: Scalar): Scalar {
  const regex = regexArgument(cx, node, r);
  const lt = l.type;
  return binary('bool', l, r, (a, b) => regex(b).first.test(toKqlString(a, lt)));
}
