import type { Scalar } from '../../compile/types.js';
import { intArg } from '../dynamicValues.js';
import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

function rotate(args: Scalar[], direction: 1 | -1): Scalar {
  return mapN('dynamic', args, ([a, n]) => {
    const count = intArg(n);
    if (!Array.isArray(a) || count === null) return null;
    if (a.length === 0) return [];
    const by = (((count * direction) % a.length) + a.length) % a.length;
    return [...a.slice(by), ...a.slice(0, by)];
  });
}

/** array_rotate_left(array, count) / array_rotate_right: a cyclic shift; negative counts turn the other way. */
export const arrayRotateLeft: ScalarFunction = {
  names: ['array_rotate_left'],
  compile: (args) => rotate(args, 1),
};

export const arrayRotateRight: ScalarFunction = {
  names: ['array_rotate_right'],
  compile: (args) => rotate(args, -1),
};
