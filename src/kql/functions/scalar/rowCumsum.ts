import type { ScalarFunction } from '../types.js';
import { windowCall } from '../window.js';

/** row_cumsum(term [, restart]): the running sum, back to 0 on rows where restart is true; null terms add nothing. */
export const rowCumsum: ScalarFunction = {
  names: ['row_cumsum'],
  compile: ([term, restart], call) => {
    windowCall(call, 'row_cumsum');
    return {
      type: call.resultType,
      bind: (frame) => {
        const value = term.bind(frame);
        const again = restart?.bind(frame);
        const sums = new Array<number>(frame.length);
        let sum = 0;
        for (let i = 0; i < frame.length; i++) {
          if (again && again(i) === true) sum = 0;
          const v = value(i);
          if (typeof v === 'number' && !Number.isNaN(v)) sum += v;
          sums[i] = sum;
        }
        return (i) => sums[i];
      },
    };
  },
};
