import type { Frame, RowFn, Scalar } from '../../compile/types.js';
import { distinctKey } from '../aggregates/distinctKey.js';
import type { ScalarCall, ScalarFunction } from '../types.js';
import { windowCall } from '../window.js';

/** Ranks over runs of equal terms: dense counts the runs, min gives a run its first row's number. */
function rank(name: string, dense: boolean) {
  return ([term, restart]: Scalar[], call: ScalarCall): Scalar => {
    windowCall(call, name);
    return {
      type: call.resultType,
      bind: (frame: Frame): RowFn => {
        const value = term.bind(frame);
        const again = restart?.bind(frame);
        const ranks = new Array<number>(frame.length);
        let previous: unknown;
        let current = 0;
        let row = 0;
        for (let i = 0; i < frame.length; i++) {
          const key = distinctKey(value(i));
          if (i === 0 || (again && again(i) === true)) {
            row = 1;
            current = 1;
          } else {
            row++;
            if (key !== previous) current = dense ? current + 1 : row;
          }
          previous = key;
          ranks[i] = current;
        }
        return (i) => ranks[i];
      },
    };
  };
}

export const rowRankDense: ScalarFunction = { names: ['row_rank_dense'], compile: rank('row_rank_dense', true) };
export const rowRankMin: ScalarFunction = { names: ['row_rank_min'], compile: rank('row_rank_min', false) };
