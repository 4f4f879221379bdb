import type { KNode } from '../kusto.js';
import type { ColumnInfo } from '../table.js';
import type { Compiler } from './compiler.js';
import { count } from './operators/count.js';
import { datatable } from './operators/datatable.js';
import { distinct } from './operators/distinct.js';
import { extend } from './operators/extend.js';
import { getschema } from './operators/getschema.js';
import { join } from './operators/join.js';
import { print } from './operators/print.js';
import { project } from './operators/project.js';
import { projectByName, projectRename } from './operators/projectByName.js';
import { range } from './operators/range.js';
import { sort, top } from './operators/sort.js';
import { summarize } from './operators/summarize.js';
import { take } from './operators/take.js';
import { where } from './operators/where.js';
import type { CompiledTabular, Tabular } from './types.js';

/** Compiles an operator after a pipe, given its input; the output schema is the binder's. */
export type OperatorCompiler = (cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]) => Tabular;

/** Compiles a tabular expression that is not `input | operator` (a table, print, datatable, ...). */
export type SourceCompiler = (cx: Compiler, node: KNode) => CompiledTabular;

/** Query operators by the binder's syntax kind. */
const OPERATORS: Record<string, OperatorCompiler> = {
  FilterOperator: (cx, op, input) => where(cx, op, input),
  ExtendOperator: extend,
  ProjectOperator: project,
  ProjectAwayOperator: projectByName,
  ProjectKeepOperator: projectByName,
  ProjectReorderOperator: projectByName,
  ProjectRenameOperator: projectRename,
  SummarizeOperator: summarize,
  JoinOperator: (cx, op, input, output) =>
    join(cx, op, input, compileTabular(cx, cx.required(op.Expression, op, 'right side')), output),
  SortOperator: (cx, op, input) => sort(cx, op, input),
  TakeOperator: (cx, op, input) => take(cx, op, input),
  TopOperator: (cx, op, input) => top(cx, op, input),
  CountOperator: (_cx, _op, input, output) => count(input, output),
  DistinctOperator: distinct,
  GetSchemaOperator: getschema,
};

/** Tabular expressions that start a pipeline, by syntax kind. */
const SOURCES: Record<string, SourceCompiler> = {
  ParenthesizedExpression: (cx, node) => compileTabular(cx, cx.required(node.Expression, node, 'expression')),
  NameReference: tableReference,
  PrintOperator: print,
  DataTableExpression: datatable,
  RangeOperator: range,
  PipeExpression: (cx, node) => {
    const input = compileTabular(cx, cx.required(node.Expression, node, 'input'));
    const op = cx.required(node.Operator, node, 'operator');
    const compile = OPERATORS[cx.kindName(op)];
    if (!compile) throw cx.unsupported(op, `operator '${cx.operatorName(op)}'`);
    const columns = cx.schema(node);
    return { columns, node, run: compile(cx, op, input, columns) };
  },
};

/** Compiles a tabular expression; every output schema comes from the binder. */
export function compileTabular(cx: Compiler, node: KNode): CompiledTabular {
  const compile = SOURCES[cx.kindName(node)];
  if (!compile) throw cx.unsupported(node, `tabular expression '${cx.operatorName(node)}'`);
  return compile(cx, node);
}

/** Names of the operators and sources the engine compiles, for the supported-KQL page and tests. */
export const SUPPORTED_TABULAR_KINDS: readonly string[] = [...Object.keys(SOURCES), ...Object.keys(OPERATORS)];

function tableReference(cx: Compiler, node: KNode): CompiledTabular {
  const symbol = node.ReferencedSymbol;
  if (!symbol) throw cx.internal(node, `unresolved name '${cx.textOf(node)}'`);
  const let_ = cx.tabularLets.get(symbol);
  if (let_) {
    const run: Tabular = (env) => {
      let table = env.lets.get(symbol);
      if (!table) {
        table = let_.run(env);
        env.lets.set(symbol, table);
      }
      return table;
    };
    return { columns: let_.columns, node, run };
  }
  if (symbol.Kind !== cx.lib.symbolKinds.Table) throw cx.unsupported(node, `reference to '${symbol.Name}' as a table`);
  const columns = cx.schema(node);
  const name = symbol.Name;
  return {
    columns,
    node,
    run: (env) => {
      const table = env.tables.get(name);
      if (!table) throw cx.internal(node, `no data for table '${name}'`);
      return table;
    },
  };
}
