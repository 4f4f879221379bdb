import { nullOf } from '../../values/convert.js';
import type { AggregateCall, AggregateFunction, CompiledAggregate } from '../types.js';
import { rowOutputs } from './rowOutputs.js';

const NONE = -1;

/**
 * arg_max/arg_min(by, cols... | *): the row with the largest/smallest non-null `by`, or the
 * group's first row when `by` is null in all of them; ties keep the first row seen (Kusto leaves
 * ties arbitrary).
 */
function argExtreme(call: AggregateCall, better: (a: never, b: never) => boolean): CompiledAggregate {
  const by = call.arg(0);
  const picker = rowOutputs(call, 1, 1);
  const missing = nullOf(call.outputs[0].type);
  return {
    bind: (frame) => {
      const v = by.bind(frame);
      const pick = picker.bind(frame);
      const best: unknown[] = [];
      const rows: number[] = [];
      return {
        addGroup: () => {
          best.push(null);
          rows.push(NONE);
        },
        add: (g, i) => {
          const x = v(i);
          if (x === null || x === undefined) {
            // A group whose `by` is null throughout keeps its first row (the reference's example).
            if (rows[g] === NONE) rows[g] = i;
            return;
          }
          if (best[g] === null || better(x as never, best[g] as never)) {
            best[g] = x;
            rows[g] = i;
          }
        },
        finish: () => [best.map((b) => (b === null ? missing : b)), ...pick(rows)],
      };
    },
  };
}

export const argMax: AggregateFunction = { names: ['arg_max'], compile: (call) => argExtreme(call, (a, b) => a > b) };
export const argMin: AggregateFunction = { names: ['arg_min'], compile: (call) => argExtreme(call, (a, b) => a < b) };
