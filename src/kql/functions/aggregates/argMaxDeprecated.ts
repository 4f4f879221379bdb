import type { AggregateCall, AggregateFunction } from '../types.js';
import { argMax, argMin } from './argMax.js';

/**
 * The deprecated argmax/argmin: the same row as arg_max/arg_min, under the binder's other names
 * (max_<expr>, max_<expr>_<column>). For `*` the binder names each column `<expr>_<column>` in the
 * aggregate's own result type: strip that prefix to find the input column.
 */
function deprecated(call: AggregateCall): AggregateCall {
  const prefix = `${call.sourceNames[0]}_`;
  return { ...call, sourceNames: call.sourceNames.map((n, i) => (i > 0 && n.startsWith(prefix) ? n.slice(prefix.length) : n)) };
}

export const argmaxDeprecated: AggregateFunction = { names: ['argmax'], compile: (call) => argMax.compile(deprecated(call)) };
export const argminDeprecated: AggregateFunction = { names: ['argmin'], compile: (call) => argMin.compile(deprecated(call)) };
