import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * translate(searchList, replacementList, source): each character of source found in searchList
 * becomes the replacementList character at the same position, or its last character when
 * replacementList is shorter; an empty replacementList deletes them (reference examples).
 */
export const translate: ScalarFunction = {
  names: ['translate'],
  compile: (args) => {
    const types = args.map((a) => a.type);
    return mapN('string', args, ([s, r, t]) => {
      const search = [...toKqlString(s, types[0])];
      const replacement = [...toKqlString(r, types[1])];
      const map = new Map<string, string>();
      search.forEach((c, k) => {
        if (!map.has(c)) map.set(c, replacement.length ? replacement[Math.min(k, replacement.length - 1)] : '');
      });
      let out = '';
      for (const c of toKqlString(t, types[2])) out += map.get(c) ?? c;
      return out;
    });
  },
};
