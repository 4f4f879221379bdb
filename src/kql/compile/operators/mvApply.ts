import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { gather, Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { PerRunSubquery, type SubqueryCompiler } from '../perRun.js';
import type { CompiledTabular, Tabular } from '../types.js';
import { compileExpansion } from './expansion.js';

const DEFAULT_LIMIT = 2_147_483_647;

/**
 * mv-apply: each input row is expanded as mv-expand would (expansion.ts) into a small table, the
 * subquery runs over it, and the results are concatenated in input order. A result row carries the
 * subquery's columns and, for the other output columns, its input row's values (the binder drops
 * the expanded column unless the subquery keeps it).
 */
export function mvApply(
  cx: Compiler,
  op: KNode,
  input: CompiledTabular,
  output: ColumnInfo[],
  compileSubquery: SubqueryCompiler,
): Tabular {
  const context = (op as { ContextIdClause?: KNode | null }).ContextIdClause;
  if (context) throw cx.unsupported(context, 'mv-apply context_id');
  const expansion = compileExpansion(cx, op, input, { operator: 'mv-apply', defaultLimit: DEFAULT_LIMIT, bagParameters: [] });

  // The subquery reads the expanded rows of the input row being applied.
  const subqueryNode = cx.required((op as { Subquery?: KNode | null }).Subquery, op, 'subquery');
  const perRow = new PerRunSubquery(cx, op, expansion.columns, (rows) => compileSubquery(cx.required(subqueryNode.Expression, subqueryNode, 'subquery'), rows));
  const { subquery } = perRow;

  const sources = output.map((c) => {
    const fromSubquery = subquery.columns.findIndex((s) => s.name === c.name);
    if (fromSubquery >= 0) return { subquery: true, index: fromSubquery };
    const fromInput = input.columns.findIndex((s) => s.name === c.name);
    if (fromInput < 0) throw cx.internal(op, `mv-apply output column '${c.name}' is neither the subquery's nor the input's`);
    return { subquery: false, index: fromInput };
  });

  return (env) => {
    const table = input.run(env);
    const { table: expanded, source } = expansion.expand(table, env);
    const results: Table[] = [];
    const inputRow: number[] = [];
    let start = 0;
    for (let row = 0; row < table.length; row++) {
      let end = start;
      while (end < source.length && source[end] === row) end++;
      const from = start;
      const result = perRow.run(new Table(expanded.columns, end - from, (c) => expanded.column(c).slice(from, end)), env);
      results.push(result);
      for (let k = 0; k < result.length; k++) inputRow.push(row);
      start = end;
    }
    return new Table(output, inputRow.length, (c) => {
      const { subquery: fromSubquery, index } = sources[c];
      if (!fromSubquery) return gather(table.column(index), inputRow, output[c].type);
      const out: unknown[] = [];
      for (const result of results) {
        const column = result.column(index);
        for (let k = 0; k < result.length; k++) out.push(column[k]);
      }
      return out;
    });
  };
}
