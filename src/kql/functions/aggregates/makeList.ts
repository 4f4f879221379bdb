import type { AggregateFunction } from '../types.js';
import { toDynamic } from '../../values/convert.js';

const DEFAULT_CAP = 1_048_576;
const DEPRECATED_CAP = 128;

/** All non-null values in row order, up to the cap. */
export const makeList: AggregateFunction = {
  names: ['make_list', 'makelist'],
  compile: (call) => {
    const value = call.arg(0);
    const type = value.type;
    const cap =
      call.argNodes.length > 1 ? Number(call.constantArg(1)) : call.name === 'makelist' ? DEPRECATED_CAP : DEFAULT_CAP;
    return {
      bind: (frame) => {
        const v = value.bind(frame);
        const lists: unknown[][] = [];
        return {
          addGroup: () => void lists.push([]),
          add: (g, i) => {
            const x = v(i);
            if (x !== null && x !== undefined && lists[g].length < cap) lists[g].push(toDynamic(x, type));
          },
          finish: () => [lists],
        };
      },
    };
  },
};
