import type { AggregateFunction } from '../types.js';
import { toDynamic } from '../../values/convert.js';

const DEFAULT_CAP = 1_048_576;

/** make_list_with_nulls(expr [, maxSize]): every value in row order, nulls included as JSON null. */
export const makeListWithNulls: AggregateFunction = {
  names: ['make_list_with_nulls'],
  compile: (call) => {
    const value = call.arg(0);
    const type = value.type;
    const cap = call.argNodes.length > 1 ? Number(call.constantArg(1)) : DEFAULT_CAP;
    return {
      bind: (frame) => {
        const v = value.bind(frame);
        const lists: unknown[][] = [];
        return {
          addGroup: () => void lists.push([]),
          add: (g, i) => {
            if (lists[g].length < cap) lists[g].push(toDynamic(v(i), type));
          },
          finish: () => [lists],
        };
      },
    };
  },
};
