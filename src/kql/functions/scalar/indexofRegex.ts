import { regexArgument } from '../../regex/compile.js';
import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * indexof_regex(string, regex [, start [, length [, occurrence]]]): where the occurrence-th match
 * starts, or -1. Unlike indexof(), a negative start is invalid (null), and each further match is
 * searched after the previous one ends (matches never overlap). Null for length < -1 or
 * occurrence < 1 too.
 */
export const indexofRegex: ScalarFunction = {
  names: ['indexof_regex'],
  compile: (args, call) => {
    const regex = regexArgument(call.cx, call.argNodes[1], args[1]);
    const st = args[0].type;
    return mapN('long', args, ([s, p, start = 0, length = -1, occurrence = 1]) => {
      if (typeof start !== 'number' || typeof length !== 'number' || typeof occurrence !== 'number') return null;
      if (start < 0 || length < -1 || occurrence < 1) return null;
      const text = toKqlString(s, st);
      const from = Math.trunc(start);
      const window = text.slice(from, length === -1 ? undefined : from + Math.trunc(length));
      const re = regex(p).all;
      re.lastIndex = 0;
      let found = -1;
      for (let k = 0; k < Math.trunc(occurrence); k++) {
        const m = re.exec(window);
        if (!m) return -1;
        found = m.index;
        if (m[0] === '') re.lastIndex++;
      }
      return from + found;
    });
  },
};
