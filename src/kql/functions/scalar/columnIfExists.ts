import { columnScalar, type Scalar } from '../../compile/types.js';
import { toKqlString } from '../../values/convert.js';
import { formatDatetime, formatTimespan } from '../../values/datetime.js';
import { map1 } from '../helpers.js';
import type { ScalarCall, ScalarFunction } from '../types.js';

/** A column's value as the dynamic the binder typed the call as (datetimes as Kusto prints them in a dynamic). */
function asDynamic(type: string): (v: unknown) => unknown {
  if (type === 'datetime') return (v) => (v === null || v === undefined ? null : formatDatetime(v as number, true));
  if (type === 'timespan') return (v) => (v === null || v === undefined ? null : formatTimespan(v as number));
  return (v) => v ?? null;
}

const NUMERIC = new Set(['int', 'long', 'real', 'decimal']);
const INTEGER = new Set(['int', 'long']);

/**
 * The column, read as the binder's result type. The binder types the call as its default
 * (ReturnTypeKind.Parameter1), so `column_ifexists("Port", "")` on a long column is a string:
 * the column is converted as tostring() would, keeping the query's schema the binder's.
 */
function columnAs(call: ScalarCall, slot: number, columnType: string): Scalar {
  const target = call.resultType;
  const column = columnScalar(columnType, slot);
  if (columnType === target || (INTEGER.has(columnType) && NUMERIC.has(target)) || (columnType === 'real' && target === 'decimal'))
    return { ...column, type: target };
  if (target === 'string') return map1('string', column, (v) => toKqlString(v, columnType));
  if (target === 'dynamic') return map1('dynamic', column, asDynamic(columnType));
  throw call.cx.unsupported(call.node, `column_ifexists() on a ${columnType} column with a ${target} default`);
}

/**
 * column_ifexists(name, default): the column when the input has one of that name (decided once,
 * at compile time, against the operator's input schema), else the default expression.
 */
export const columnIfExists: ScalarFunction = {
  names: ['column_ifexists', 'columnifexists'],
  compile: ([name, fallback], call) => {
    if (!name.constant || typeof name.constant.value !== 'string')
      throw call.cx.unsupported(call.argNodes[0], 'column_ifexists() with a column name that is not a constant string');
    const slot = call.scope.indexOf(name.constant.value);
    if (slot < 0) return fallback;
    return columnAs(call, slot, call.scope.columns[slot].type);
  },
};
