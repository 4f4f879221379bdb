import type { RowFn } from '../../compile/types.js';
import type { ScalarFunction } from '../types.js';

/** case(p1, v1, p2, v2, …, else): the value of the first predicate that is true; others are not evaluated. */
export const caseFunction: ScalarFunction = {
  names: ['case'],
  compile: (args, call) => {
    const pairs = (args.length - 1) / 2;
    const otherwise = args[args.length - 1];
    // Constant predicates settle at compile time: a true one ends the list, false ones drop out.
    const live: number[] = [];
    let fallback = otherwise;
    for (let k = 0; k < pairs; k++) {
      const p = args[2 * k];
      if (p.constant) {
        if (p.constant.value === true) {
          fallback = args[2 * k + 1];
          break;
        }
        continue;
      }
      live.push(k);
    }
    if (live.length === 0) return { ...fallback, type: call.resultType };
    return {
      type: call.resultType,
      bind: (frame) => {
        const preds: RowFn[] = live.map((k) => args[2 * k].bind(frame));
        const values: RowFn[] = live.map((k) => args[2 * k + 1].bind(frame));
        const other = fallback.bind(frame);
        const n = preds.length;
        return (i) => {
          for (let k = 0; k < n; k++) if (preds[k](i) === true) return values[k](i);
          return other(i);
        };
      },
    };
  },
};
