import { nullOf } from '../../values/convert.js';
import type { AggregateCall, AggregateFunction, CompiledAggregate } from '../types.js';

function extreme(call: AggregateCall, better: (a: never, b: never) => boolean): CompiledAggregate {
  const value = call.arg(0);
  const missing = nullOf(call.outputs[0].type);
  return {
    bind: (frame) => {
      const v = value.bind(frame);
      const best: unknown[] = [];
      return {
        addGroup: () => void best.push(null),
        add: (g, i) => {
          const x = v(i);
          if (x === null || x === undefined) return;
          const b = best[g];
          if (b === null || better(x as never, b as never)) best[g] = x;
        },
        finish: () => [best.map((b) => (b === null ? missing : b))],
      };
    },
  };
}

export const min: AggregateFunction = { names: ['min'], compile: (call) => extreme(call, (a, b) => a < b) };
export const max: AggregateFunction = { names: ['max'], compile: (call) => extreme(call, (a, b) => a > b) };
