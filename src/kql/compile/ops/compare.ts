import { toKqlString } from '../../values/convert.js';
import type { Scalar } from '../types.js';
import { binary } from './binary.js';

function dynamicEquals(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return a === b;
}

/**
 * == and != : case-sensitive. Nulls as the reference has them: two nulls give null, a null and a
 * value are unequal (== false, != true). Strings are never null.
 */
export function equality(l: Scalar, r: Scalar, negate: boolean): Scalar {
  if (l.type === 'string' && r.type === 'string') {
    return binary('bool', l, r, negate ? (a, b) => a !== b : (a, b) => a === b);
  }
  const eq = l.type === 'dynamic' || r.type === 'dynamic' ? dynamicEquals : (a: unknown, b: unknown) => a === b;
  return binary('bool', l, r, (a, b) => {
    const aNull = a === null || a === undefined;
    const bNull = b === null || b === undefined;
    if (aNull || bNull) return aNull && bNull ? null : negate;
    return negate ? !eq(a, b) : eq(a, b);
  });
}

/** =~ and !~ : case-insensitive string equality (operands converted to string). */
export function equalityIgnoreCase(l: Scalar, r: Scalar, negate: boolean): Scalar {
  const lower = (s: Scalar): Scalar => ({
    type: 'string',
    constant: s.constant ? { value: toKqlString(s.constant.value, s.type).toLowerCase() } : undefined,
    bind: (frame) => {
      const f = s.bind(frame);
      const t = s.type;
      return t === 'string' ? (i) => (f(i) as string).toLowerCase() : (i) => toKqlString(f(i), t).toLowerCase();
    },
  });
  return binary('bool', lower(l), lower(r), negate ? (a, b) => a !== b : (a, b) => a === b);
}

/** < <= > >= over numbers, datetimes, timespans and strings (ordinal). Null → null. */
export function ordering(l: Scalar, r: Scalar, op: '<' | '<=' | '>' | '>='): Scalar {
  const test =
    op === '<'
      ? (a: never, b: never) => a < b
      : op === '<='
        ? (a: never, b: never) => a <= b
        : op === '>'
          ? (a: never, b: never) => a > b
          : (a: never, b: never) => a >= b;
  return binary('bool', l, r, (a, b) => {
    if (a === null || a === undefined || b === null || b === undefined) return null;
    return test(a as never, b as never);
  });
}
