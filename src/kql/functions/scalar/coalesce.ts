import { constantScalar, type RowFn } from '../../compile/types.js';
import type { ScalarFunction } from '../types.js';

/** coalesce(a, b, …): the first argument that is not null (for strings: not empty); later ones are not evaluated. */
export const coalesce: ScalarFunction = {
  names: ['coalesce'],
  compile: (args, call) => {
    const isString = call.resultType === 'string';
    const present = (v: unknown): boolean => v !== null && v !== undefined && !(isString && v === '');
    const none = isString ? '' : null;
    if (args.every((a) => a.constant)) {
      const hit = args.find((a) => present(a.constant!.value));
      return constantScalar(call.resultType, hit ? hit.constant!.value : none);
    }
    return {
      type: call.resultType,
      bind: (frame) => {
        const fns: RowFn[] = args.map((a) => a.bind(frame));
        return (i) => {
          for (const f of fns) {
            const v = f(i);
            if (present(v)) return v;
          }
          return none;
        };
      },
    };
  },
};
