import { toKqlString } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import { findOccurrence } from '../occurrence.js';
import type { ScalarFunction } from '../types.js';

/** indexof(string, match [, start [, length [, occurrence]]]): case-sensitive; -1 when absent. */
export const indexof: ScalarFunction = {
  names: ['indexof'],
  compile: (args) => {
    const [st, mt] = [args[0].type, args[1].type];
    return mapN('long', args, (values) => {
      const s = toKqlString(values[0], st);
      const m = toKqlString(values[1], mt);
      return findOccurrence(s.length, values.slice(2), (from, to) => {
        const at = s.indexOf(m, from);
        return at >= 0 && at + m.length <= to ? at : -1;
      });
    });
  },
};
