import { toReal } from '../../values/convert.js';
import { map1 } from '../helpers.js';
import type { ScalarFunction } from '../types.js';

export const toreal: ScalarFunction = {
  names: ['toreal', 'todouble'],
  compile: ([value]) => map1('real', value, toReal),
};
