import { toDynamic, toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** bag_pack(key1, value1, key2, value2, ...) (also pack, pack_dictionary): a property bag; a later key wins. */
export const bagPack: ScalarFunction = {
  names: ['bag_pack', 'pack', 'pack_dictionary'],
  compile: (args) => {
    const types = args.map((a) => a.type);
    return mapN('dynamic', args, (values) => {
      const bag: Record<string, unknown> = {};
      for (let k = 0; k + 1 < values.length; k += 2) bag[toKqlString(values[k], types[k])] = toDynamic(values[k + 1], types[k + 1]);
      return bag;
    });
  },
};
