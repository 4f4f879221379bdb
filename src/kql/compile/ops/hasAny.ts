import { toKqlString } from '../../values/convert.js';
import type { Scalar } from '../types.js';
import { hasTerm, isTermChar } from '../../values/terms.js';

/** Above this many whole-word needles a row is split into terms once instead of searched per needle. */
const SCAN_TERMS_ABOVE = 4;

/** The lower-cased needles of the list: dynamic arrays contribute their elements; nulls none. */
function addNeedles(out: string[], v: unknown, type: string): void {
  if (Array.isArray(v)) {
    for (const e of v) if (e !== null && e !== undefined) out.push(toKqlString(e, 'dynamic').toLowerCase());
  } else if (type === 'string' || (v !== null && v !== undefined)) out.push(toKqlString(v, type).toLowerCase());
}

function isWord(needle: string): boolean {
  if (needle.length === 0) return false;
  for (let k = 0; k < needle.length; k++) if (!isTermChar(needle.charCodeAt(k))) return false;
  return true;
}

/** Calls visit on each term of hay until it returns true. */
function someTerm(hay: string, visit: (term: string) => boolean): boolean {
  let start = -1;
  for (let k = 0; k <= hay.length; k++) {
    const inTerm = k < hay.length && isTermChar(hay.charCodeAt(k));
    if (inTerm) {
      if (start < 0) start = k;
    } else if (start >= 0) {
      if (visit(hay.slice(start, k))) return true;
      start = -1;
    }
  }
  return false;
}

/** A test of one (lower-cased) hay against a fixed needle list. */
function matcher(needles: string[], all: boolean): (hay: string) => boolean {
  const words = new Set(needles.filter(isWord));
  const others = needles.filter((n) => !isWord(n));
  if (words.size <= SCAN_TERMS_ABOVE) {
    const list = [...words, ...others];
    return all ? (h) => list.every((n) => hasTerm(h, n, false, false)) : (h) => list.some((n) => hasTerm(h, n, false, false));
  }
  if (all) {
    return (h) => {
      if (!others.every((n) => hasTerm(h, n, false, false))) return false;
      const found = new Set<string>();
      someTerm(h, (t) => {
        if (words.has(t)) found.add(t);
        return found.size === words.size;
      });
      return found.size === words.size;
    };
  }
  return (h) => someTerm(h, (t) => words.has(t)) || others.some((n) => hasTerm(h, n, false, false));
}

/**
 * `has_any` / `has_all`: `has` (case-insensitive, on terms) against each value of the list. An
 * empty list matches nothing for has_any and everything for has_all (the reference is silent;
 * this is what "any"/"all" of nothing mean).
 */
export function hasAnyAll(left: Scalar, items: Scalar[], all: boolean): Scalar {
  const lt = left.type;
  const lower = lt === 'string' ? (v: unknown) => (v as string).toLowerCase() : (v: unknown) => toKqlString(v, lt).toLowerCase();
  if (items.every((s) => s.constant)) {
    const needles: string[] = [];
    for (const s of items) addNeedles(needles, s.constant!.value, s.type);
    const test = matcher(needles, all);
    if (left.constant) {
      const r = test(lower(left.constant.value));
      return { type: 'bool', constant: { value: r }, bind: () => () => r };
    }
    return {
      type: 'bool',
      bind: (frame) => {
        const f = left.bind(frame);
        return (i) => test(lower(f(i)));
      },
    };
  }
  return {
    type: 'bool',
    bind: (frame) => {
      const f = left.bind(frame);
      const fs = items.map((s) => ({ f: s.bind(frame), type: s.type }));
      return (i) => {
        const needles: string[] = [];
        for (const s of fs) addNeedles(needles, s.f(i), s.type);
        const h = lower(f(i));
        return all ? needles.every((n) => hasTerm(h, n, false, false)) : needles.some((n) => hasTerm(h, n, false, false));
      };
    },
  };
}
