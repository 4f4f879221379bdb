import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * replace_strings(text, lookups, rewrites): earlier lookups take precedence (reference: with
 * lookups ["is", "This"], "This" becomes "Thwas"): each lookup in turn claims its occurrences
 * that overlap nothing claimed before, and every claimed occurrence is replaced. A lookup that is
 * not a string (or is "") is ignored; a rewrite that is not a string keeps the matched text.
 */
export const replaceStrings: ScalarFunction = {
  names: ['replace_strings'],
  compile: (args) => {
    const tt = args[0].type;
    return mapN('string', args, ([t, lookups, rewrites]) => {
      const text = toKqlString(t, tt);
      if (!Array.isArray(lookups)) return text;
      const claimed: { start: number; end: number; rewrite: string }[] = [];
      const free = (start: number, end: number) => claimed.every((c) => end <= c.start || start >= c.end);
      lookups.forEach((lookup, k) => {
        if (typeof lookup !== 'string' || lookup === '') return;
        const r = Array.isArray(rewrites) ? rewrites[k] : undefined;
        for (let at = text.indexOf(lookup); at >= 0; ) {
          const end = at + lookup.length;
          if (free(at, end)) {
            claimed.push({ start: at, end, rewrite: typeof r === 'string' ? r : lookup });
            at = text.indexOf(lookup, end);
          } else at = text.indexOf(lookup, at + 1);
        }
      });
      if (claimed.length === 0) return text;
      claimed.sort((a, b) => a.start - b.start);
      let out = '';
      let at = 0;
      for (const c of claimed) {
        out += text.slice(at, c.start) + c.rewrite;
        at = c.end;
      }
      return out + text.slice(at);
    });
  },
};
