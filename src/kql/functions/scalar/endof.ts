import type { ScalarFunction } from '../types.js';
import { periodFunction, startOfPeriod, type Period } from './startof.js';

/** The last tick of the period: one tick before the next period starts (endofweek is a Saturday). */
function endOf(name: string, period: Period): ScalarFunction {
  return { names: [name], compile: (args) => periodFunction(args, (d, o) => startOfPeriod(period, d, o + 1) - 1) };
}

export const endofday = endOf('endofday', 'day');
export const endofweek = endOf('endofweek', 'week');
export const endofmonth = endOf('endofmonth', 'month');
export const endofyear = endOf('endofyear', 'year');
