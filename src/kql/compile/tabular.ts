import type { KNode } from '../kusto.js';
import type { ColumnInfo } from '../table.js';
import type { Compiler } from './compiler.js';
import { as } from './operators/as.js';
import { count } from './operators/count.js';
import { datatable } from './operators/datatable.js';
import { distinct } from './operators/distinct.js';
import { evaluate } from './operators/evaluate.js';
import { extend } from './operators/extend.js';
import { externaldata } from './operators/externaldata.js';
import { getschema } from './operators/getschema.js';
import { invoke } from './operators/invoke.js';
import { join } from './operators/join.js';
import { makeSeries } from './operators/makeSeries.js';
import { mvApply } from './operators/mvApply.js';
import { mvExpand } from './operators/mvExpand.js';
import { parse } from './operators/parse.js';
import { parseWhere } from './operators/parseWhere.js';
import { lookup } from './operators/lookup.js';
import { materialize } from './operators/materialize.js';
import { partition } from './operators/partition.js';
import { print } from './operators/print.js';
import { project } from './operators/project.js';
import { projectByName, projectRename } from './operators/projectByName.js';
import { range } from './operators/range.js';
import { render } from './operators/render.js';
import { sample } from './operators/sample.js';
import { sampleDistinct } from './operators/sampleDistinct.js';
import { sort, top } from './operators/sort.js';
import { summarize } from './operators/summarize.js';
import { take } from './operators/take.js';
import { topNested } from './operators/topNested.js';
import { union, unionSource } from './operators/union.js';
import { where } from './operators/where.js';
import type { CompiledTabular, Tabular } from './types.js';
import { tabularCall, tabularParameter } from './userFunctions.js';

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
  MvExpandOperator: mvExpand,
  MvApplyOperator: (cx, op, input, output) => mvApply(cx, op, input, output, (node, rows) => compileSubquery(cx, node, rows)),
  ParseOperator: parse,
  ParseWhereOperator: parseWhere,
  // serialize only marks the row order as usable by window functions (compile/serialized.ts); its items extend.
  SerializeOperator: extend,
  EvaluateOperator: evaluate,
  TopNestedOperator: topNested,
  MakeSeriesOperator: makeSeries,
  SampleOperator: (cx, op, input) => sample(cx, op, input),
  SampleDistinctOperator: sampleDistinct,
  UnionOperator: (cx, op, input, output) => union(cx, op, output, input),
  InvokeOperator: invoke,
  AsOperator: (cx, op, input) => as(cx, op, input),
  LookupOperator: (cx, op, input, output) => lookup(cx, op, input, output),
  GetSchemaOperator: getschema,
  RenderOperator: (_cx, _op, input) => render(input),
  PartitionOperator: (cx, op, input, output) => partition(cx, op, input, output, (node, rows) => compileSubquery(cx, node, rows)),
};

/** Tabular expressions that start a pipeline, by syntax kind. */
const SOURCES: Record<string, SourceCompiler> = {
  ParenthesizedExpression: (cx, node) => compileTabular(cx, cx.required(node.Expression, node, 'expression')),
  NameReference: tableReference,
  PrintOperator: print,
  DataTableExpression: datatable,
  RangeOperator: range,
  UnionOperator: unionSource,
  FunctionCallExpression: (cx, node) => tabularCall(cx, node),
  MaterializeExpression: materialize,
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
  return cx.recover(
    () => compileTabularNode(cx, node),
    () => ({
      columns: cx.schema(node),
      node,
      run: () => {
        throw cx.internal(node, 'ran a query compiled with errors');
      },
    }),
  );
}

function compileTabularNode(cx: Compiler, node: KNode): CompiledTabular {
  const compile = SOURCES[cx.kindName(node)];
  if (!compile && cx.is(node, 'ExternalDataExpression')) throw externaldata(cx, node);
  if (!compile) throw cx.unsupported(node, `tabular expression '${cx.operatorName(node)}'`);
  return compile(cx, node);
}

/** Names of the operators and sources the engine compiles, for the supported-KQL page and tests. */
export const SUPPORTED_TABULAR_KINDS: readonly string[] = [...Object.keys(SOURCES), ...Object.keys(OPERATORS)];

function tableReference(cx: Compiler, node: KNode): CompiledTabular {
  const symbol = node.ReferencedSymbol;
  if (!symbol) throw cx.internal(node, `unresolved name '${cx.textOf(node)}'`);
  // A let (or `as`) name: its compiled value already runs once per execution.
  const let_ = cx.tabularLets.get(symbol);
  if (let_) return { columns: let_.columns, node, run: let_.run };
  const parameter = tabularParameter(cx, node);
  if (parameter) return { columns: parameter.columns, node, run: parameter.run };
  if (symbol.Kind === cx.lib.symbolKinds.Function) return tabularCall(cx, node);
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

/**
 * Compiles a subquery whose first operator has no source of its own and reads `input` instead
 * (mv-apply's `on (...)`): `op | op | ...`. A subquery that starts with a real source ignores `input`.
 */
export function compileSubquery(cx: Compiler, node: KNode, input: CompiledTabular): CompiledTabular {
  const kind = cx.kindName(node);
  if (kind === 'ParenthesizedExpression') return compileSubquery(cx, cx.required(node.Expression, node, 'expression'), input);
  const first = OPERATORS[kind];
  if (first) {
    const columns = cx.schema(node);
    return { columns, node, run: first(cx, node, input, columns) };
  }
  if (kind !== 'PipeExpression') return compileTabular(cx, node);
  const left = compileSubquery(cx, cx.required(node.Expression, node, 'input'), input);
  const op = cx.required(node.Operator, node, 'operator');
  const compile = OPERATORS[cx.kindName(op)];
  if (!compile) throw cx.unsupported(op, `operator '${cx.operatorName(op)}'`);
  const columns = cx.schema(node);
  return { columns, node, run: compile(cx, op, left, columns) };
}
