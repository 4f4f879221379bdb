import type { AggregateFunction } from '../types.js';
import { rowOutputs } from './rowOutputs.js';

const NONE = -1;

/**
 * take_any/any: "arbitrary" row per group; we take the first. With a single column reference the
 * reference says it tries to return a non-null/non-empty value, so the first such row wins.
 */
export const takeAny: AggregateFunction = {
  names: ['take_any', 'any'],
  compile: (call) => {
    const single = call.argNodes.length === 1 && !call.cx.is(call.argNodes[0], 'StarExpression');
    const value = single ? call.arg(0) : null;
    const picker = rowOutputs(call, 0, 0);
    return {
      bind: (frame) => {
        const pick = picker.bind(frame);
        const v = value?.bind(frame);
        const rows: number[] = [];
        const settled: boolean[] = [];
        return {
          addGroup: () => {
            rows.push(NONE);
            settled.push(false);
          },
          add: (g, i) => {
            if (settled[g]) return;
            if (rows[g] === NONE) rows[g] = i;
            if (!v) {
              settled[g] = true;
              return;
            }
            const x = v(i);
            if (x !== null && x !== undefined && x !== '') {
              rows[g] = i;
              settled[g] = true;
            }
          },
          finish: () => pick(rows),
        };
      },
    };
  },
};
