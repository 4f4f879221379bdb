import type { ScalarFunction } from '../types.js';
import { rank } from '../window.js';

/** row_rank_min(term [, restart]): the row number of the first row of the current run of equal terms. */
export const rowRankMin: ScalarFunction = { names: ['row_rank_min'], compile: rank('row_rank_min', false) };
