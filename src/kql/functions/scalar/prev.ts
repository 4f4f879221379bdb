import type { ScalarFunction } from '../types.js';
import { neighbour } from '../window.js';

/** prev(column [, offset [, default]]): the value `offset` rows before, in a serialized row set. */
export const prev: ScalarFunction = { names: ['prev'], compile: neighbour('prev', -1) };
