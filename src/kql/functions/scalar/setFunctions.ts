import { toDynamic } from '../../values/convert.js';
import { distinctElements, elementKey } from '../dynamicValues.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

const allArrays = (values: unknown[]): values is unknown[][] => values.every(Array.isArray);

/** set_union(a1, a2, ...): distinct elements of all arrays, first-seen order; null if one is not an array. */
export const setUnion: ScalarFunction = {
  names: ['set_union'],
  compile: (args) => mapN('dynamic', args, (values) => (allArrays(values) ? distinctElements(values.flat(1)) : null)),
};

/** set_intersect(a1, a2, ...): distinct elements of a1 found in every other array. */
export const setIntersect: ScalarFunction = {
  names: ['set_intersect'],
  compile: (args) =>
    mapN('dynamic', args, (values) => {
      if (!allArrays(values)) return null;
      const others = values.slice(1).map((a) => new Set(a.map(elementKey)));
      return distinctElements(values[0]).filter((e) => others.every((s) => s.has(elementKey(e))));
    }),
};

/** set_difference(a1, a2, ...): distinct elements of a1 found in none of the others. */
export const setDifference: ScalarFunction = {
  names: ['set_difference'],
  compile: (args) =>
    mapN('dynamic', args, (values) => {
      if (!allArrays(values)) return null;
      const removed = new Set(values.slice(1).flat(1).map(elementKey));
      return distinctElements(values[0]).filter((e) => !removed.has(elementKey(e)));
    }),
};

/** set_has_element(array, value): whether value is an element; null for a non-array. */
export const setHasElement: ScalarFunction = {
  names: ['set_has_element'],
  compile: (args) => {
    const vt = args[1].type;
    return mapN('bool', args, ([a, v]) => {
      if (!Array.isArray(a)) return null;
      const key = elementKey(toDynamic(v, vt));
      return a.some((e) => elementKey(e) === key);
    });
  },
};

/** jaccard_index(set1, set2): |distinct intersection| / |distinct union|; null when both are empty. */
export const jaccardIndex: ScalarFunction = {
  names: ['jaccard_index'],
  // The binder types the result dynamic (a number inside).
  compile: (args, call) =>
    mapN(call.resultType, args, (values) => {
      if (!allArrays(values) || values.length !== 2) return null;
      const a = new Set(values[0].map(elementKey));
      const b = new Set(values[1].map(elementKey));
      const union = new Set([...a, ...b]).size;
      if (union === 0) return null;
      let both = 0;
      for (const k of a) if (b.has(k)) both++;
      return both / union;
    }),
};
