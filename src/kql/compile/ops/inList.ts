import { toKqlString } from '../../values/convert.js';
import { foldCase } from '../../values/stringMatch.js';
import type { Scalar } from '../types.js';

/**
 * in / !in (case-sensitive) and in~ / !in~ (case-insensitive). Dynamic arrays in the list
 * contribute their elements. Constant lists become a Set probed once per row.
 */
export function inList(left: Scalar, items: Scalar[], ignoreCase: boolean, negate: boolean): Scalar {
  const leftType = left.type;
  const norm = ignoreCase
    ? (v: unknown, type: string) => foldCase(toKqlString(v, type))
    : (v: unknown) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : v);
  const expand = (values: Set<unknown>, v: unknown, type: string) => {
    if (Array.isArray(v)) for (const e of v) values.add(norm(e, typeof e === 'string' ? 'string' : 'dynamic'));
    else values.add(norm(v, type));
  };
  const test = (set: Set<unknown>, v: unknown): boolean => {
    if (!ignoreCase && (v === null || v === undefined)) return negate;
    return set.has(norm(v, leftType)) !== negate;
  };
  if (items.every((s) => s.constant)) {
    const set = new Set<unknown>();
    for (const s of items) expand(set, s.constant!.value, s.type);
    return {
      type: 'bool',
      bind: (frame) => {
        const f = left.bind(frame);
        return (i) => test(set, f(i));
      },
    };
  }
  return {
    type: 'bool',
    bind: (frame) => {
      const f = left.bind(frame);
      const fs = items.map((s) => ({ f: s.bind(frame), type: s.type }));
      return (i) => {
        const set = new Set<unknown>();
        for (const s of fs) expand(set, s.f(i), s.type);
        return test(set, f(i));
      };
    },
  };
}
