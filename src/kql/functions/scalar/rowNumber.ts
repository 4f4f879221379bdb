import type { ScalarFunction } from '../types.js';
import { constantInteger, windowCall } from '../window.js';

/** row_number([start [, restart]]): start, start + 1, ...; back to start on rows where restart is true. */
export const rowNumber: ScalarFunction = {
  names: ['row_number'],
  compile: ([startArg, restart], call) => {
    windowCall(call, 'row_number');
    const start = constantInteger(startArg, call, 0, 'row_number', 1);
    return {
      type: call.resultType,
      bind: (frame) => {
        if (!restart) return (i) => start + i;
        const again = restart.bind(frame);
        const numbers = new Array<number>(frame.length);
        let k = start;
        for (let i = 0; i < frame.length; i++) {
          if (i > 0 && again(i) === true) k = start;
          numbers[i] = k++;
        }
        return (i) => numbers[i];
      },
    };
  },
};
