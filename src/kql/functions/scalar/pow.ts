import { mapN } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export const pow: ScalarFunction = {
  names: ['pow'],
  compile: (args) => mapN('real', args, ([b, e]) => (typeof b === 'number' && typeof e === 'number' ? b ** e : null)),
};
