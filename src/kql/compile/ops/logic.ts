import { constantScalar, type Scalar } from '../types.js';

/** Three-valued `and`: false wins over null; the right side is not evaluated once false. */
export function and(l: Scalar, r: Scalar): Scalar {
  if (l.constant && r.constant) {
    const a = l.constant.value;
    const b = r.constant.value;
    return constantScalar('bool', a === false || b === false ? false : a === null || b === null ? null : true);
  }
  return {
    type: 'bool',
    bind: (frame) => {
      const fa = l.bind(frame);
      const fb = r.bind(frame);
      return (i) => {
        const a = fa(i);
        if (a === false) return false;
        const b = fb(i);
        if (b === false) return false;
        return a === true && b === true ? true : null;
      };
    },
  };
}

/** Three-valued `or`: true wins over null. */
export function or(l: Scalar, r: Scalar): Scalar {
  return {
    type: 'bool',
    bind: (frame) => {
      const fa = l.bind(frame);
      const fb = r.bind(frame);
      return (i) => {
        const a = fa(i);
        if (a === true) return true;
        const b = fb(i);
        if (b === true) return true;
        return a === false && b === false ? false : null;
      };
    },
  };
}
