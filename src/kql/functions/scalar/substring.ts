import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * substring(source, start [, length]): a negative start counts from the end; positions past the
 * end give "". Positions are UTF-16 units, as in Kusto's .NET strings. A null start or a negative
 * length gives "" (the reference is silent on both).
 */
export const substring: ScalarFunction = {
  names: ['substring'],
  compile: (args) => {
    const st = args[0].type;
    const hasLength = args.length > 2;
    return mapN('string', args, ([s, start, length]) => {
      const text = toKqlString(s, st);
      if (typeof start !== 'number') return '';
      let from = Math.trunc(start);
      if (from < 0) from = Math.max(0, text.length + from);
      if (!hasLength || length === null || length === undefined) return text.slice(from);
      if (typeof length !== 'number' || length < 0) return '';
      return text.slice(from, from + Math.trunc(length));
    });
  },
};
