import { next } from '../scalar/next.js';
import { prev } from '../scalar/prev.js';
import { rowCumsum } from '../scalar/rowCumsum.js';
import { rowNumber } from '../scalar/rowNumber.js';
import { rowRankDense } from '../scalar/rowRankDense.js';
import { rowRankMin } from '../scalar/rowRankMin.js';
import type { ScalarFunction } from '../types.js';

/** Window functions: they read neighbouring rows of a serialized row set (functions/window.ts). */
export const WINDOW_FUNCTIONS: ScalarFunction[] = [next, prev, rowCumsum, rowNumber, rowRankDense, rowRankMin];
