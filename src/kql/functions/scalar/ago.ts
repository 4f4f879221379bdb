import type { ScalarFunction } from '../types.js';

export const ago: ScalarFunction = {
  names: ['ago'],
  compile: ([span]) => ({
    type: 'datetime',
    bind: (frame) => {
      const base = frame.env.now;
      if (span.constant) {
        const s = span.constant.value as number | null;
        const value = s === null ? null : base - s;
        return () => value;
      }
      const fs = span.bind(frame);
      return (i) => {
        const s = fs(i) as number | null;
        return s === null ? null : base - s;
      };
    },
  }),
};
