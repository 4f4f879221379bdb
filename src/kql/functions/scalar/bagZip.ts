import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * bag_zip(keys, values): a bag of keys[k] → values[k]; keys that are not strings are skipped,
 * missing values are null (all null when values is not an array); null when keys is not an array.
 */
export const bagZip: ScalarFunction = {
  names: ['bag_zip'],
  compile: (args) =>
    mapN('dynamic', args, ([keys, values]) => {
      if (!Array.isArray(keys)) return null;
      const bag: Record<string, unknown> = {};
      keys.forEach((key, k) => {
        if (typeof key === 'string') bag[key] = Array.isArray(values) && k < values.length ? values[k] : null;
      });
      return bag;
    }),
};
