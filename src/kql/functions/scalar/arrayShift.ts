import type { Scalar } from '../../compile/types.js';
import { toDynamic } from '../../values/convert.js';
import { intArg } from '../dynamicValues.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

function shift(args: Scalar[], direction: 1 | -1): Scalar {
  const fillType = args[2]?.type ?? 'dynamic';
  return mapN('dynamic', args, ([a, n, fill]) => {
    const count = intArg(n);
    if (!Array.isArray(a) || count === null) return null;
    const by = count * direction;
    const filler = args.length > 2 ? toDynamic(fill, fillType) : null;
    return a.map((_, k) => {
      const from = k + by;
      return from >= 0 && from < a.length ? a[from] : filler;
    });
  });
}

/**
 * array_shift_left(array, count [, fill]) / array_shift_right: elements move by count (negative:
 * the other way); vacated places get fill, else null.
 */
export const arrayShiftLeft: ScalarFunction = {
  names: ['array_shift_left'],
  compile: (args) => shift(args, 1),
};

export const arrayShiftRight: ScalarFunction = {
  names: ['array_shift_right'],
  compile: (args) => shift(args, -1),
};
