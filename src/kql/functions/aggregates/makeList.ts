import type { AggregateFunction } from '../types.js';
import { toDynamic } from '../../values/convert.js';

const DEFAULT_CAP = 1_048_576;
const DEPRECATED_CAP = 128;

/** Values in row order up to the cap; nulls skipped, or kept as JSON null (make_list_with_nulls). */
function listAggregate(names: string[], keepNulls: boolean): AggregateFunction {
  return {
    names,
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
              if ((keepNulls || (x !== null && x !== undefined)) && lists[g].length < cap) lists[g].push(toDynamic(x, type));
            },
            finish: () => [lists],
          };
        },
      };
    },
  };
}

/** make_list(expr [, maxSize]) and its deprecated alias makelist (whose default cap is 128). */
export const makeList = listAggregate(['make_list', 'makelist'], false);

/** make_list_with_nulls(expr [, maxSize]): every value in row order, nulls included as JSON null. */
export const makeListWithNulls = listAggregate(['make_list_with_nulls'], true);
