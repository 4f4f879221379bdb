import { toDynamic } from '../../values/convert.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * array_iff(conditions, whenTrue, whenFalse) (also array_iif): element-wise iif. A condition is
 * a bool or a number (non-zero is true), anything else gives null; whenTrue/whenFalse are arrays
 * (missing elements are null) or single values used for every element.
 */
export const arrayIff: ScalarFunction = {
  names: ['array_iff', 'array_iif'],
  compile: (args) => {
    const [tt, ft] = [args[1].type, args[2].type];
    return mapN('dynamic', args, ([c, t, f]) => {
      if (!Array.isArray(c)) return null;
      const pick = (v: unknown, type: string, k: number) => (Array.isArray(v) ? (v[k] ?? null) : toDynamic(v, type));
      return c.map((cond, k) => {
        const truth = typeof cond === 'boolean' ? cond : typeof cond === 'number' ? cond !== 0 : null;
        return truth === null ? null : truth ? pick(t, tt, k) : pick(f, ft, k);
      });
    });
  },
};
