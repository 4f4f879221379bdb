import { toReal } from '../../values/convert.js';
import { parseDatetime, parseTimespan } from '../../values/datetime.js';
import type { Scalar } from '../types.js';

/** A dynamic value as the bounds' type (dynamic columns often hold numbers or dates as text). */
function coercer(boundType: string): (v: unknown) => unknown {
  const parse = boundType === 'datetime' ? parseDatetime : boundType === 'timespan' ? parseTimespan : null;
  if (parse) {
    return (v) => {
      if (typeof v === 'number') return v;
      if (typeof v !== 'string') return null;
      const n = parse(v);
      return Number.isNaN(n) ? null : n;
    };
  }
  return (v) => (typeof v === 'string' || typeof v === 'boolean' ? null : toReal(v));
}

/**
 * `x between (low .. high)` and `!between`: low <= x <= high, inclusive. For a datetime x a
 * timespan high means low + high (KQL reference). A null anywhere gives null, so `where` drops
 * the row for both operators.
 */
export function between(value: Scalar, low: Scalar, high: Scalar, negate: boolean): Scalar {
  const relative = low.type === 'datetime' && high.type === 'timespan';
  const coerce = value.type === 'dynamic' ? coercer(low.type) : null;
  const test = (x: unknown, lo: unknown, hi: unknown): boolean | null => {
    if (coerce) x = coerce(x);
    if (typeof x !== 'number' || typeof lo !== 'number' || typeof hi !== 'number') return null;
    const top = relative ? lo + hi : hi;
    const inside = x >= lo && x <= top;
    return negate ? !inside : inside;
  };
  if (low.constant && high.constant) {
    const lo = low.constant.value;
    const hi = high.constant.value;
    if (value.constant) {
      const r = test(value.constant.value, lo, hi);
      return { type: 'bool', constant: { value: r }, bind: () => () => r };
    }
    return {
      type: 'bool',
      bind: (frame) => {
        const f = value.bind(frame);
        return (i) => test(f(i), lo, hi);
      },
    };
  }
  return {
    type: 'bool',
    bind: (frame) => {
      const f = value.bind(frame);
      const fl = low.bind(frame);
      const fh = high.bind(frame);
      return (i) => test(f(i), fl(i), fh(i));
    },
  };
}
