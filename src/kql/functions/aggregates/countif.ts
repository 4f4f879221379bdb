import type { AggregateFunction } from '../types.js';

export const countif: AggregateFunction = {
  names: ['countif'],
  compile: (call) => {
    const predicate = call.arg(0);
    return {
      bind: (frame) => {
        const p = predicate.bind(frame);
        const counts: number[] = [];
        return {
          addGroup: () => void counts.push(0),
          add: (g, i) => {
            if (p(i) === true) counts[g]++;
          },
          finish: () => [counts],
        };
      },
    };
  },
};
