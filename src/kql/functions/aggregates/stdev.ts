import type { AggregateFunction } from '../types.js';
import { populationVariance, sampleVariance, spread } from './variance.js';

/** stdev: with Bessel's correction (a sample); stdevp: of the population. */
export const stdev: AggregateFunction = { names: ['stdev'], compile: (call) => spread(call, (n, m2) => Math.sqrt(sampleVariance(n, m2))) };
export const stdevp: AggregateFunction = { names: ['stdevp'], compile: (call) => spread(call, (n, m2) => Math.sqrt(populationVariance(n, m2))) };
