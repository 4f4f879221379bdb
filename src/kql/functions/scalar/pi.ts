import { constantScalar } from '../../compile/types.js';
import type { ScalarFunction } from '../types.js';

export const pi: ScalarFunction = {
  names: ['pi'],
  compile: () => constantScalar('real', Math.PI),
};
