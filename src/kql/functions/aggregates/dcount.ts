import type { AggregateFunction } from '../types.js';
import { distinctKey } from './distinctKey.js';

/** Exact distinct count of non-null values (Kusto estimates; fixtures stay clear of its error band). */
export const dcount: AggregateFunction = {
  names: ['dcount'],
  compile: (call) => {
    const value = call.arg(0);
    return {
      bind: (frame) => {
        const v = value.bind(frame);
        const sets: Set<unknown>[] = [];
        return {
          addGroup: () => void sets.push(new Set()),
          add: (g, i) => {
            const x = v(i);
            if (x !== null && x !== undefined) sets[g].add(distinctKey(x));
          },
          finish: () => [sets.map((s) => s.size)],
        };
      },
    };
  },
};
