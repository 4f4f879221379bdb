import type { AggregateFunction } from '../types.js';
import { dcount } from './dcount.js';

/** count_distinct(expr): the exact number of distinct non-null values (our dcount is exact too). */
export const countDistinct: AggregateFunction = { names: ['count_distinct'], compile: (call) => dcount.compile(call) };
