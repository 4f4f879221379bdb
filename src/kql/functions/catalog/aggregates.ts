import { argMax, argMin } from '../aggregates/argMax.js';
import { avg } from '../aggregates/avg.js';
import { count } from '../aggregates/count.js';
import { countif } from '../aggregates/countif.js';
import { dcount } from '../aggregates/dcount.js';
import { makeList } from '../aggregates/makeList.js';
import { makeSet } from '../aggregates/makeSet.js';
import { max, min } from '../aggregates/minMax.js';
import { sum } from '../aggregates/sum.js';
import { takeAny } from '../aggregates/takeAny.js';
import type { AggregateFunction } from '../types.js';

/** Aggregation functions (summarize). */
export const AGGREGATE_FUNCTIONS: AggregateFunction[] = [
  argMax, argMin, avg, count, countif, dcount, makeList, makeSet, max, min, sum, takeAny,
];
