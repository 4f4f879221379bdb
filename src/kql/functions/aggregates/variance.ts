import type { AggregateCall, AggregateFunction, CompiledAggregate } from '../types.js';

/**
 * Per-group running mean and sum of squared deviations (Welford), exact enough for any row count.
 * `result(count, m2)` turns them into the statistic; a group without values gets 0, the default
 * the KQL reference gives for variance() and stdev() over no rows.
 */
export function spread(call: AggregateCall, result: (count: number, m2: number) => number): CompiledAggregate {
  const value = call.arg(0);
  return {
    bind: (frame) => {
      const v = value.bind(frame);
      const counts: number[] = [];
      const means: number[] = [];
      const m2s: number[] = [];
      return {
        addGroup: () => {
          counts.push(0);
          means.push(0);
          m2s.push(0);
        },
        add: (g, i) => {
          const x = v(i);
          if (typeof x !== 'number' || Number.isNaN(x)) return;
          const n = ++counts[g];
          const delta = x - means[g];
          means[g] += delta / n;
          m2s[g] += delta * (x - means[g]);
        },
        finish: () => [counts.map((n, g) => (n === 0 ? 0 : result(n, m2s[g])))],
      };
    },
  };
}

/** Sample variance (n - 1 in the denominator); one value gives 0. */
export const sampleVariance = (n: number, m2: number) => (n < 2 ? 0 : m2 / (n - 1));
export const populationVariance = (n: number, m2: number) => m2 / n;

export const variance: AggregateFunction = { names: ['variance'], compile: (call) => spread(call, sampleVariance) };
export const variancep: AggregateFunction = { names: ['variancep'], compile: (call) => spread(call, populationVariance) };
