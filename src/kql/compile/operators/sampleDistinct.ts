import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { KeyMap } from '../keyMap.js';
import { compileScalar } from '../scalar.js';
import { Scope, tableFrame, type CompiledTabular, type Tabular } from '../types.js';
import { countArgument } from './take.js';

/**
 * sample-distinct N of Expr: up to N distinct values. The reference makes no fairness promise
 * ("returns its results as quickly as possible"), so these are the first N seen.
 */
export function sampleDistinct(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  for (const p of cx.elements(op.Parameters)) throw cx.unsupported(p, `sample-distinct ${cx.textOf(p).trim()}`);
  const limit = countArgument(cx, cx.required(op.Expression, op, 'count'));
  const of = (op as { OfExpression?: KNode | null }).OfExpression;
  const value = compileScalar(cx, cx.required(of, op, 'of expression'), new Scope(input.columns));
  return (env) => {
    const table = input.run(env);
    const n = limit(env);
    const read = value.bind(tableFrame(table, env));
    const seen = new KeyMap([read]);
    const values: unknown[] = [];
    for (let i = 0; i < table.length && values.length < n; i++) if (seen.add(i) === values.length) values.push(read(i));
    return Table.fromArrays(output, [values], values.length);
  };
}
