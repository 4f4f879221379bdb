import { toKqlString } from '../../values/convert.js';
import { formatDatetime } from '../../values/datetime.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * reverse(value): the string (other types as tostring gives them) with its characters reversed. A
 * datetime is written with all seven fraction digits first, as the reference's example shows.
 */
export const reverse: ScalarFunction = {
  names: ['reverse'],
  compile: ([value]) =>
    map1('string', value, (v) => {
      const text = value.type === 'datetime' && typeof v === 'number' ? formatDatetime(v, true) : toKqlString(v, value.type);
      return [...text].reverse().join('');
    }),
};
