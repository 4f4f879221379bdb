import { toKqlString } from '../../values/convert.js';
import { termRegex } from '../../values/terms.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Scalar } from '../types.js';
import { rowFreeListValues } from './inSubquery.js';
import { needleTests } from '../../values/stringMatch.js';

/** The needles of the list: dynamic arrays contribute their elements; nulls contribute nothing. */
function addNeedles(out: string[], v: unknown, type: string): void {
  if (Array.isArray(v)) {
    for (const e of v) if (e !== null && e !== undefined) out.push(toKqlString(e, 'dynamic'));
  } else if (type === 'string' || (v !== null && v !== undefined)) out.push(toKqlString(v, type));
}

/**
 * A test of one hay against a needle list known at compile time: has_any is one regex of all
 * needles; has_all one regex per needle (a single scan could miss overlapping needles).
 */
function matcher(needles: string[], all: boolean): (hay: string) => boolean {
  if (!all) {
    const re = termRegex(needles, false);
    return (h) => re.test(h);
  }
  const each = [...new Set(needles)].map((n) => termRegex([n], false));
  return (h) => each.every((re) => re.test(h));
}

/**
 * `has_any` / `has_all`: `has` (case-insensitive, on terms) against each value of the list. An
 * empty list matches nothing for has_any and everything for has_all (the reference is silent;
 * this is what "any"/"all" of nothing mean).
 */
export function hasAnyAll(left: Scalar, items: Scalar[], all: boolean): Scalar {
  const lt = left.type;
  const text = lt === 'string' ? (v: unknown) => v as string : (v: unknown) => toKqlString(v, lt);
  if (items.every((s) => s.constant)) {
    const needles: string[] = [];
    for (const s of items) addNeedles(needles, s.constant!.value, s.type);
    const test = matcher(needles, all);
    if (left.constant) {
      const r = test(text(left.constant.value));
      return { type: 'bool', constant: { value: r }, bind: () => () => r };
    }
    return {
      type: 'bool',
      bind: (frame) => {
        const f = left.bind(frame);
        return (i) => test(text(f(i)));
      },
    };
  }
  const has = needleTests('has', false);
  return {
    type: 'bool',
    bind: (frame) => {
      const f = left.bind(frame);
      const fs = items.map((s) => ({ f: s.bind(frame), type: s.type }));
      return (i) => {
        const needles: string[] = [];
        for (const s of fs) addNeedles(needles, s.f(i), s.type);
        const h = text(f(i));
        const found = (n: string) => has(n)(h);
        return all ? needles.every(found) : needles.some(found);
      };
    },
  };
}

/**
 * `has_any` / `has_all` with subqueries among the values (`has_any (IOCs | project Domain)`): each
 * subquery's first column joins the list, once per execution, as `in (subquery)` does. The other
 * values must not depend on the row.
 */
export function hasAnyAllOfTables(cx: Compiler, left: Scalar, items: Scalar[], tables: CompiledTabular[], all: boolean): Scalar {
  const values = rowFreeListValues(cx, items, tables);
  const lt = left.type;
  return {
    type: 'bool',
    bind: (frame) => {
      const needles: string[] = [];
      values(frame, (v, type) => addNeedles(needles, v, type));
      const test = matcher(needles, all);
      const f = left.bind(frame);
      return (i) => test(lt === 'string' ? (f(i) as string) : toKqlString(f(i), lt));
    },
  };
}
