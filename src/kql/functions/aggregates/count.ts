import type { AggregateFunction } from '../types.js';

export const count: AggregateFunction = {
  names: ['count'],
  compile: () => ({
    bind: () => {
      const counts: number[] = [];
      return {
        addGroup: () => void counts.push(0),
        add: (g) => void counts[g]++,
        finish: () => [counts],
      };
    },
  }),
};
