import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** strcmp(a, b): -1, 0 or 1, comparing ordinally (UTF-16 units) as the reference's examples show. */
export const strcmp: ScalarFunction = {
  names: ['strcmp'],
  compile: (args) => {
    const [at, bt] = [args[0].type, args[1].type];
    return mapN('long', args, ([a, b]) => {
      const x = toKqlString(a, at);
      const y = toKqlString(b, bt);
      return x < y ? -1 : x > y ? 1 : 0;
    });
  },
};
