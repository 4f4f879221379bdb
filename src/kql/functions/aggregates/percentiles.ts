import type { AggregateCall, AggregateFunction, CompiledAggregate } from '../types.js';
import { toDynamic } from '../../values/convert.js';

/**
 * Nearest-rank percentiles (KQL reference: the P-th percentile is the smallest value such that P%
 * of the values are less or equal; the 0th is the minimum). Kusto estimates them with a t-digest;
 * we compute them exactly, which is what Kusto returns on small groups. Values are sorted once per
 * group; `weights` (percentilew) repeat a value that many times.
 */
export function nearestRank(sorted: readonly number[], weights: readonly number[] | null, total: number, p: number): number | null {
  if (sorted.length === 0 || total <= 0) return null;
  // (p * total) / 100 rather than p / 100 * total: 95 * 20 / 100 is exactly 19.
  const rank = Math.max(1, Math.ceil((p * total) / 100));
  if (!weights) return sorted[Math.min(rank, sorted.length) - 1];
  let seen = 0;
  for (let k = 0; k < sorted.length; k++) {
    seen += weights[k];
    if (seen >= rank) return sorted[k];
  }
  return sorted[sorted.length - 1];
}

/** The percentiles asked for from argument `first` on: numbers, or one constant dynamic array. */
function percentArgs(call: AggregateCall, first: number): number[] {
  const out: number[] = [];
  for (let i = first; i < call.argNodes.length; i++) {
    const value = call.constantArg(i);
    for (const p of Array.isArray(value) ? value : [value]) {
      if (typeof p !== 'number' || !(p >= 0 && p <= 100)) {
        throw call.cx.unsupported(call.argNodes[i], `${call.name}() with percentile ${JSON.stringify(p)} (it must be a number from 0 to 100)`);
      }
      out.push(p);
    }
  }
  return out;
}

/** weighted: argument 1 is the weight; asArray: one dynamic column instead of one per percentile. */
function compilePercentiles(call: AggregateCall, weighted: boolean, asArray: boolean): CompiledAggregate {
  const value = call.arg(0);
  const weight = weighted ? call.arg(1) : null;
  const percents = percentArgs(call, weighted ? 2 : 1);
  const valueType = value.type;
  if (!asArray && call.outputs.length !== percents.length) throw call.cx.internal(call.node, `${call.name}() output count mismatch`);
  return {
    bind: (frame) => {
      const v = value.bind(frame);
      const w = weight?.bind(frame);
      const values: number[][] = [];
      const weights: number[][] = [];
      return {
        addGroup: () => {
          values.push([]);
          if (w) weights.push([]);
        },
        add: (g, i) => {
          const x = v(i);
          if (typeof x !== 'number' || Number.isNaN(x)) return;
          if (w) {
            const weightValue = w(i);
            if (typeof weightValue !== 'number' || !(weightValue > 0)) return;
            weights[g].push(Math.floor(weightValue));
          }
          values[g].push(x);
        },
        finish: (groups) => {
          const results = percents.map(() => new Array<unknown>(groups));
          for (let g = 0; g < groups; g++) {
            const order = values[g].map((_, k) => k).sort((a, b) => values[g][a] - values[g][b]);
            const sorted = order.map((k) => values[g][k]);
            const sortedWeights = w ? order.map((k) => weights[g][k]) : null;
            const total = sortedWeights ? sortedWeights.reduce((s, x) => s + x, 0) : sorted.length;
            percents.forEach((p, k) => (results[k][g] = nearestRank(sorted, sortedWeights, total, p)));
          }
          if (!asArray) return results;
          const arrays = new Array<unknown>(groups);
          for (let g = 0; g < groups; g++) {
            arrays[g] = values[g].length === 0 ? null : results.map((r) => toDynamic(r[g], valueType));
          }
          return [arrays];
        },
      };
    },
  };
}

export const percentiles: AggregateFunction = {
  names: ['percentile', 'percentiles'],
  compile: (call) => compilePercentiles(call, false, false),
};

export const percentilesArray: AggregateFunction = {
  names: ['percentiles_array'],
  compile: (call) => compilePercentiles(call, false, true),
};

export const percentilesWeighted: AggregateFunction = {
  names: ['percentilew', 'percentilesw'],
  compile: (call) => compilePercentiles(call, true, false),
};

export const percentilesWeightedArray: AggregateFunction = {
  names: ['percentilesw_array'],
  compile: (call) => compilePercentiles(call, true, true),
};
