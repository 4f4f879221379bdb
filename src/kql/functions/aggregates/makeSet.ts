import type { AggregateFunction } from '../types.js';
import { distinctKey } from './distinctKey.js';
import { toDynamic } from '../../values/convert.js';

const DEFAULT_CAP = 1_048_576;
/** The deprecated alias keeps its old default (KQL reference). */
const DEPRECATED_CAP = 128;

/**
 * Distinct non-null values in first-seen order, up to the cap (which values survive a cap is
 * unspecified in Kusto; we keep the first ones). Dynamic arrays contribute their elements.
 */
export const makeSet: AggregateFunction = {
  names: ['make_set', 'makeset'],
  compile: (call) => {
    const value = call.arg(0);
    const cap =
      call.argNodes.length > 1 ? Number(call.constantArg(1)) : call.name === 'makeset' ? DEPRECATED_CAP : DEFAULT_CAP;
    const type = value.type;
    const flatten = type === 'dynamic';
    return {
      bind: (frame) => {
        const v = value.bind(frame);
        const seen: Set<unknown>[] = [];
        const lists: unknown[][] = [];
        const push = (g: number, x: unknown) => {
          if (x === null || x === undefined || lists[g].length >= cap) return;
          const key = distinctKey(x);
          if (seen[g].has(key)) return;
          seen[g].add(key);
          lists[g].push(x);
        };
        return {
          addGroup: () => {
            seen.push(new Set());
            lists.push([]);
          },
          add: (g, i) => {
            const x = v(i);
            if (flatten && Array.isArray(x)) for (const e of x) push(g, e);
            else push(g, toDynamic(x, type));
          },
          finish: () => [lists],
        };
      },
    };
  },
};
