import type { Scalar } from '../../compile/types.js';
import { mapN } from '../helpers.js';
import type { ScalarCall, ScalarFunction } from '../types.js';

/** Rank of an element's kind: numbers, then strings, then everything else (bools, arrays, bags). */
function kind(v: unknown): number {
  return typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2;
}

function compare(a: unknown, b: unknown): number {
  const ka = kind(a);
  const kb = kind(b);
  if (ka !== kb) return ka - kb;
  if (ka === 2) return 0;
  return (a as number | string) < (b as number | string) ? -1 : (a as number | string) > (b as number | string) ? 1 : 0;
}

/**
 * The order of the first array's positions: by value (numbers before strings before other
 * kinds, strings ordinal), stable, nulls first or last. Descending reverses the value order
 * (kinds included) but not where nulls go.
 */
function order(first: unknown[], descending: boolean, nullsLast: boolean): number[] {
  const positions = first.map((_, k) => k);
  const isNull = (v: unknown) => v === null || v === undefined;
  return positions.sort((x, y) => {
    const a = first[x];
    const b = first[y];
    if (isNull(a) || isNull(b)) return isNull(a) === isNull(b) ? 0 : isNull(a) === nullsLast ? 1 : -1;
    return descending ? compare(b, a) : compare(a, b);
  });
}

function compileSort(args: Scalar[], call: ScalarCall, descending: boolean): Scalar {
  const last = args[args.length - 1];
  const hasNullsLast = args.length > 1 && last.type === 'bool';
  const arrays = hasNullsLast ? args.slice(0, -1) : args;
  const tuple = arrays.length > 1;
  // Several arrays give a tuple (one column each); the engine only takes one of them by index.
  const parent = call.node.Parent;
  if (tuple && !(parent && call.cx.is(parent, 'ElementExpression')))
    throw call.cx.unsupported(call.node, `${descending ? 'array_sort_desc' : 'array_sort_asc'}() of several arrays except as (...)[index]`);
  return mapN(tuple ? 'tuple' : 'dynamic', args, (values) => {
    const nullsLast = hasNullsLast ? values[values.length - 1] !== false : true;
    const inputs = values.slice(0, arrays.length);
    const first = inputs[0];
    const sorted = Array.isArray(first) ? order(first, descending, nullsLast) : null;
    const results = inputs.map((a) =>
      sorted && Array.isArray(a) && a.length === sorted.length ? sorted.map((k) => a[k] ?? null) : null,
    );
    return tuple ? results : results[0];
  });
}

/** array_sort_asc(array1 [, array2 ...] [, nulls_last]): the first array sorted, the others reordered to match. */
export const arraySortAsc: ScalarFunction = {
  names: ['array_sort_asc'],
  compile: (args, call) => compileSort(args, call, false),
};

export const arraySortDesc: ScalarFunction = {
  names: ['array_sort_desc'],
  compile: (args, call) => compileSort(args, call, true),
};
