import { toReal } from '../../values/convert.js';
import type { Scalar } from '../types.js';

/**
 * `x between (low .. high)` and `!between`: low <= x <= high, inclusive. For a datetime x a
 * timespan high means low + high (KQL reference). A null anywhere gives null, so `where` drops
 * the row for both operators.
 */
export function between(value: Scalar, low: Scalar, high: Scalar, negate: boolean): Scalar {
  const relative = low.type === 'datetime' && high.type === 'timespan';
  // A dynamic value is compared as a number (the binder allows only numeric bounds with it);
  // numeric text such as "3" counts, as tolong() would read it.
  const coerce = value.type === 'dynamic' ? (v: unknown) => (typeof v === 'boolean' ? null : toReal(v)) : null;
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
