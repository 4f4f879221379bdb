import type { AggregateFunction } from '../types.js';

/** Sum of non-null values; 0 for a group without any (the KQL reference's default for sum()). */
export const sum: AggregateFunction = {
  names: ['sum'],
  compile: (call) => {
    const value = call.arg(0);
    return {
      bind: (frame) => {
        const v = value.bind(frame);
        const sums: number[] = [];
        return {
          addGroup: () => void sums.push(0),
          add: (g, i) => {
            const x = v(i);
            if (typeof x === 'number') sums[g] += x;
          },
          finish: () => [sums],
        };
      },
    };
  },
};
