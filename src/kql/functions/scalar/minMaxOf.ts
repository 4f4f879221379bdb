import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

/**
 * min_of()/max_of(): nulls are skipped (null only when every argument is null). For strings the
 * empty string is Kusto's null and is skipped too; strings compare ordinally.
 */
function extremeOf(name: string, better: (a: never, b: never) => boolean): ScalarFunction {
  return {
    names: [name],
    compile: (args, call) => {
      const isString = call.resultType === 'string';
      return mapN(call.resultType, args, (values) => {
        let best: unknown = null;
        for (const v of values) {
          if (v === null || v === undefined || (isString && v === '')) continue;
          if (best === null || better(v as never, best as never)) best = v;
        }
        return best === null && isString ? '' : best;
      });
    },
  };
}

export const minOf = extremeOf('min_of', (a, b) => a < b);
export const maxOf = extremeOf('max_of', (a, b) => a > b);
