import type { AggregateFunction } from '../types.js';

const DEFAULT_MAX_KEYS = 1_048_576;
/** The deprecated make_dictionary keeps its old default (KQL reference). */
const DEPRECATED_MAX_KEYS = 128;

function isBag(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * make_bag(bag [, maxSize]): the property bags of the group merged into one; values that are not
 * bags are ignored. A key seen in several rows keeps the first value (Kusto picks an arbitrary
 * one). At most maxSize keys. An empty group gives {} (the reference's table of defaults lists
 * make_bag() under "empty dynamic array", but a bag is a dictionary; no example shows it).
 */
export const makeBag: AggregateFunction = {
  names: ['make_bag', 'make_dictionary'],
  compile: (call) => {
    const value = call.arg(0);
    const maxKeys =
      call.argNodes.length > 1 ? Number(call.constantArg(1)) : call.name === 'make_dictionary' ? DEPRECATED_MAX_KEYS : DEFAULT_MAX_KEYS;
    return {
      bind: (frame) => {
        const v = value.bind(frame);
        const bags: Record<string, unknown>[] = [];
        const sizes: number[] = [];
        return {
          addGroup: () => {
            bags.push({});
            sizes.push(0);
          },
          add: (g, i) => {
            const x = v(i);
            if (!isBag(x)) return;
            const bag = bags[g];
            for (const key of Object.keys(x)) {
              if (sizes[g] >= maxKeys) return;
              if (Object.prototype.hasOwnProperty.call(bag, key)) continue;
              bag[key] = x[key];
              sizes[g]++;
            }
          },
          finish: () => [bags],
        };
      },
    };
  },
};
