import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/** The reference's upper bound for the multiplier; larger values repeat this many times. */
const MAX_MULTIPLIER = 67_108_864;

/** strrep(value, multiplier [, delimiter]): value repeated; a multiplier below 1 or null gives "". */
export const strrep: ScalarFunction = {
  names: ['strrep'],
  compile: (args) => {
    const types = args.map((a) => a.type);
    return mapN('string', args, ([v, n, d]) => {
      if (typeof n !== 'number' || n < 1) return '';
      const times = Math.min(Math.trunc(n), MAX_MULTIPLIER);
      const text = toKqlString(v, types[0]);
      const delimiter = args.length > 2 ? toKqlString(d, types[2]) : '';
      return delimiter === '' ? text.repeat(times) : Array.from({ length: times }, () => text).join(delimiter);
    });
  },
};
