import { argMax, argMin } from '../aggregates/argMax.js';
import { argmaxDeprecated, argminDeprecated } from '../aggregates/argMaxDeprecated.js';
import { avg } from '../aggregates/avg.js';
import { conditional } from '../aggregates/conditional.js';
import { count } from '../aggregates/count.js';
import { countDistinct } from '../aggregates/countDistinct.js';
import { countif } from '../aggregates/countif.js';
import { dcount } from '../aggregates/dcount.js';
import { makeBag } from '../aggregates/makeBag.js';
import { makeList, makeListWithNulls } from '../aggregates/makeList.js';
import { makeSet } from '../aggregates/makeSet.js';
import { max, min } from '../aggregates/minMax.js';
import { percentiles, percentilesArray, percentilesWeighted, percentilesWeightedArray } from '../aggregates/percentiles.js';
import { stdev, stdevp } from '../aggregates/stdev.js';
import { sum } from '../aggregates/sum.js';
import { takeAny } from '../aggregates/takeAny.js';
import { variance, variancep } from '../aggregates/variance.js';
import type { AggregateFunction } from '../types.js';

/** Aggregation functions (summarize). */
export const AGGREGATE_FUNCTIONS: AggregateFunction[] = [
  argMax, argMin, argmaxDeprecated, argminDeprecated, avg, count, countDistinct, countif, dcount, makeBag, makeList,
  makeListWithNulls, makeSet, max, min, percentiles, percentilesArray, percentilesWeighted, percentilesWeightedArray,
  stdev, stdevp, sum, takeAny, variance, variancep,
  // The *if forms: the same aggregate over the rows whose predicate (second argument) is true.
  conditional(['avgif'], avg),
  conditional(['count_distinctif'], countDistinct),
  conditional(['dcountif'], dcount),
  conditional(['make_bag_if'], makeBag),
  conditional(['make_list_if'], makeList),
  conditional(['make_set_if'], makeSet),
  conditional(['maxif'], max),
  conditional(['minif'], min),
  conditional(['stdevif'], stdev),
  conditional(['sumif'], sum),
  conditional(['take_anyif', 'anyif'], takeAny),
  conditional(['varianceif'], variance),
];
