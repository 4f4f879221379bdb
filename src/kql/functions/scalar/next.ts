import type { ScalarFunction } from '../types.js';
import { neighbour } from '../window.js';

/** next(column [, offset [, default]]): the value `offset` rows after, in a serialized row set. */
export const next: ScalarFunction = { names: ['next'], compile: neighbour('next', 1) };
