import { constantScalar, type Scalar } from '../types.js';

/**
 * f(left, right) per row, specialised when one side is a constant (the common `Col == "x"`)
 * and folded when both are.
 */
export function binary(type: string, l: Scalar, r: Scalar, f: (a: unknown, b: unknown) => unknown): Scalar {
  if (l.constant && r.constant) return constantScalar(type, f(l.constant.value, r.constant.value));
  if (r.constant) {
    const b = r.constant.value;
    return {
      type,
      bind: (frame) => {
        const fa = l.bind(frame);
        return (i) => f(fa(i), b);
      },
    };
  }
  if (l.constant) {
    const a = l.constant.value;
    return {
      type,
      bind: (frame) => {
        const fb = r.bind(frame);
        return (i) => f(a, fb(i));
      },
    };
  }
  return {
    type,
    bind: (frame) => {
      const fa = l.bind(frame);
      const fb = r.bind(frame);
      return (i) => f(fa(i), fb(i));
    },
  };
}
