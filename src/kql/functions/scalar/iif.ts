import type { ScalarFunction } from '../types.js';

export const iif: ScalarFunction = {
  names: ['iif', 'iff'],
  compile: ([condition, then, otherwise], call) => ({
    type: call.resultType,
    bind: (frame) => {
      const c = condition.bind(frame);
      const t = then.bind(frame);
      const e = otherwise.bind(frame);
      return (i) => (c(i) === true ? t(i) : e(i));
    },
  }),
};
