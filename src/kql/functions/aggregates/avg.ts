import type { AggregateFunction } from '../types.js';

export const avg: AggregateFunction = {
  names: ['avg'],
  compile: (call) => {
    const value = call.arg(0);
    // No values: 0 / 0, NaN, as the KQL reference shows for avg() over no rows (null for datetime/timespan).
    const none = call.outputs[0]?.type === 'real' ? NaN : null;
    return {
      bind: (frame) => {
        const v = value.bind(frame);
        const sums: number[] = [];
        const counts: number[] = [];
        return {
          addGroup: () => {
            sums.push(0);
            counts.push(0);
          },
          add: (g, i) => {
            const x = v(i);
            if (typeof x === 'number') {
              sums[g] += x;
              counts[g]++;
            }
          },
          finish: () => [sums.map((s, g) => (counts[g] ? s / counts[g] : none))],
        };
      },
    };
  },
};
