import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

function split(source: string, delimiter: string): string[] {
  // An empty delimiter cannot split (the reference is silent): the whole string is the one part.
  return delimiter === '' ? [source] : source.split(delimiter);
}

/**
 * split(source, delimiter [, requestedIndex]) → a dynamic array of strings; with an index, an
 * array holding only that part, or [] when there is none (negative or past the end).
 */
export const splitFunction: ScalarFunction = {
  names: ['split'],
  compile: (args) => {
    const [st, dt] = [args[0].type, args[1].type];
    const indexed = args.length > 2;
    return mapN('dynamic', args, ([s, d, index]) => {
      const parts = split(toKqlString(s, st), toKqlString(d, dt));
      if (!indexed) return parts;
      if (typeof index !== 'number') return [];
      const k = Math.trunc(index);
      return k >= 0 && k < parts.length ? [parts[k]] : [];
    });
  },
};
