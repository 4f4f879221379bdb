import type { KNode } from '../../kusto.js';
import { regexArgument } from '../../regex/compile.js';
import { toKqlString } from '../../values/convert.js';
import type { Compiler } from '../compiler.js';
import type { Scalar } from '../types.js';
import { binary } from './binary.js';

export type StringTest = 'has' | 'contains' | 'startswith' | 'endswith' | 'hasprefix' | 'hassuffix';

/**
 * A term character. Kusto breaks a string into terms, the maximal runs of ASCII alphanumerics
 * (KQL reference, "String operators": what is a term); every other character separates terms.
 */
export function isTermChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * `has` on terms: needle occurs in hay, and where the needle itself starts (ends) with a term
 * character the occurrence must start (end) a term of hay. For a plain word that is "a whole
 * term"; for "evil.exe" it is the terms evil, exe adjacent around a dot; a needle of separators
 * only (".") is a plain substring test. hasprefix drops the end check, hassuffix the start check.
 * Exact for any needle length (Kusto's index only covers terms of 3+ characters; its scan fallback
 * gives the same answers).
 */
export function hasTerm(hay: string, needle: string, prefixOnly: boolean, suffixOnly: boolean): boolean {
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

/** `matches regex`: the pattern is compiled once when constant (see regex/translate.ts). */
export function matchesRegex(cx: Compiler, node: KNode, l: Scalar, r: Scalar): Scalar {
  const regex = regexArgument(cx, node, r);
  const lt = l.type;
  return binary('bool', l, r, (a, b) => regex(b).first.test(toKqlString(a, lt)));
}
