import type { ScalarFunction } from '../types.js';

/** now([offset]): the execution's fixed clock, so repeated runs over fixed data agree. */
export const now: ScalarFunction = {
  names: ['now'],
  compile: ([offset]) => ({
    type: 'datetime',
    bind: (frame) => {
      const base = frame.env.now;
      if (!offset) return () => base;
      const fo = offset.bind(frame);
      return (i) => {
        const o = fo(i) as number | null;
        return o === null ? null : base + o;
      };
    },
  }),
};
