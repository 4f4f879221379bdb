import type { ScalarFunction } from '../types.js';
import { rank } from '../window.js';

/** row_rank_dense(term [, restart]): 1, then one more each time term differs from the previous row's. */
export const rowRankDense: ScalarFunction = { names: ['row_rank_dense'], compile: rank('row_rank_dense', true) };
