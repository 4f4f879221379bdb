import { errorAt, RUNTIME } from '../../errors.js';
import type { KNode } from '../../kusto.js';
import { Table, type ColumnInfo } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { KeyMap } from '../keyMap.js';
import { PerRunSubquery, type SubqueryCompiler } from '../perRun.js';
import type { CompiledTabular, Tabular } from '../types.js';

/** The default strategy's limit (the reference: more distinct values are an error). */
const LEGACY_PARTITIONS = 64;

/** What the reference lets a native or shuffle subquery use: nothing that reads another table. */
const NATIVE_OPERATORS = new Set([
  'CountOperator', 'DistinctOperator', 'ExtendOperator', 'MakeSeriesOperator', 'MvApplyOperator', 'MvExpandOperator',
  'ParseOperator', 'ParseWhereOperator', 'ProjectOperator', 'ProjectAwayOperator', 'ProjectKeepOperator',
  'ProjectRenameOperator', 'ProjectReorderOperator', 'SampleOperator', 'SampleDistinctOperator', 'SerializeOperator',
  'SortOperator', 'SummarizeOperator', 'TakeOperator', 'TopOperator', 'TopNestedOperator', 'FilterOperator',
]);

/**
 * T | partition [hint.strategy=S] by Column (Subquery): the subquery runs over the rows of each
 * distinct value of Column, and the results are concatenated (the reference leaves their order
 * open: here partitions come in the order their values first appear). The default strategy
 * (legacy) fails over 64 distinct values, as Kusto does; native and shuffle have no limit and
 * take only the operators the reference lists for them. `{ subquery with its own source }` is
 * not supported.
 */
export function partition(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[], compileSubquery: SubqueryCompiler): Tabular {
  let strategy = 'legacy';
  for (const p of cx.elements(op.Parameters)) {
    const name = cx.textOf(cx.required(p.Name, p, 'parameter name')).trim();
    const value = cx.textOf(cx.required(p.Expression, p, 'parameter value')).trim();
    if (name === 'hint.strategy' && ['legacy', 'native', 'shuffle'].includes(value)) strategy = value;
    else if (!['hint.materialized', 'hint.concurrency', 'hint.spread', 'hint.shufflekey'].includes(name)) throw cx.unsupported(p, `partition ${name}=${value}`);
  }
  const n = op as { Scope?: KNode | null; Operand?: KNode | null };
  if (n.Scope) throw cx.unsupported(n.Scope, 'partition ... in (...)');
  const byNode = cx.required(op.ByExpression, op, 'by');
  const key = input.columns.findIndex((c) => c.name === (byNode.ReferencedSymbol?.Name ?? cx.textOf(byNode).trim()));
  if (!cx.is(byNode, 'NameReference') || key < 0) throw cx.unsupported(byNode, 'partition by an expression that is not a column');
  const operand = cx.required(n.Operand, op, 'subquery');
  if (!cx.is(operand, 'PartitionSubquery')) throw cx.unsupported(operand, 'partition ... { a subquery with its own source }');
  const subqueryNode = cx.required((operand as { Subquery?: KNode | null }).Subquery, operand, 'subquery');
  if (strategy !== 'legacy') {
    for (const step of pipeline(cx, subqueryNode)) {
      if (!NATIVE_OPERATORS.has(cx.kindName(step))) throw cx.unsupported(step, `'${cx.operatorName(step)}' in a partition subquery with hint.strategy=${strategy}`);
    }
  }

  const perPartition = new PerRunSubquery(cx, op, input.columns, (rows) => compileSubquery(subqueryNode, rows));
  const { subquery } = perPartition;
  if (subquery.columns.length !== output.length || subquery.columns.some((c, i) => c.name !== output[i].name)) {
    throw cx.internal(op, 'partition columns differ from the binder schema');
  }

  return (env) => {
    const table = input.run(env);
    const keyColumn = table.column(key);
    const groups = new KeyMap([(i: number) => keyColumn[i]]);
    const members: number[][] = [];
    for (let i = 0; i < table.length; i++) {
      const g = groups.add(i);
      if (g === members.length) members.push([]);
      members[g].push(i);
    }
    if (strategy === 'legacy' && members.length > LEGACY_PARTITIONS) {
      throw errorAt(cx.text, cx.position(op), RUNTIME, `partition by ${input.columns[key].name}: ${members.length} distinct values, and the default strategy (legacy) takes at most ${LEGACY_PARTITIONS}; add hint.strategy=native`);
    }
    const results: Table[] = [];
    for (const rowsOfValue of members) results.push(perPartition.run(table.select(rowsOfValue), env));
    const total = results.reduce((sum, r) => sum + r.length, 0);
    return new Table(output, total, (c) => {
      const out = new Array<unknown>(total);
      let at = 0;
      for (const result of results) {
        const column = result.column(c);
        for (let k = 0; k < result.length; k++) out[at++] = column[k];
      }
      return out;
    });
  };
}

/** The operators of a subquery's pipeline, first to last. */
function pipeline(cx: Compiler, node: KNode): KNode[] {
  if (cx.is(node, 'ParenthesizedExpression')) return pipeline(cx, cx.required(node.Expression, node, 'expression'));
  if (!cx.is(node, 'PipeExpression')) return [node];
  return [...pipeline(cx, cx.required(node.Expression, node, 'input')), cx.required(node.Operator, node, 'operator')];
}
