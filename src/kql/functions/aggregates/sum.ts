import type { AggregateFunction } from '../types.js';

/** Sum of non-null values; null when a group has none. long results stay integral. */
export const sum: AggregateFunction = {
  names: ['sum'],
  compile: (call) => {
    const value = call.arg(0);
    return {
      bind: (frame) => {
        const v = value.bind(frame);
        const sums: (number | null)[] = [];
        return {
          addGroup: () => void sums.push(null),
          add: (g, i) => {
            const x = v(i);
            if (typeof x === 'number') sums[g] = (sums[g] ?? 0) + x;
          },
          finish: () => [sums],
        };
      },
    };
  },
};
