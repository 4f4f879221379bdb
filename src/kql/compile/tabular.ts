import type { KNode } from '../kusto.js';
import type { ColumnInfo } from '../table.js';
import type { Compiler } from './compiler.js';
import { count } from './operators/count.js';
import { distinct } from './operators/distinct.js';
import { extend } from './operators/extend.js';
import { join } from './operators/join.js';
import { project } from './operators/project.js';
import { projectByName, projectRename } from './operators/projectByName.js';
import { sort, top } from './operators/sort.js';
import { summarize } from './operators/summarize.js';
import { take } from './operators/take.js';
import { where } from './operators/where.js';
import type { CompiledTabular, Tabular } from './types.js';

/** Compiles a tabular expression; every output schema comes from the binder. */
export function compileTabular(cx: Compiler, node: KNode): CompiledTabular {
  const kind = cx.kindName(node);
  switch (kind) {
    case 'ParenthesizedExpression':
      return compileTabular(cx, cx.required(node.Expression, node, 'expression'));
    case 'NameReference':
      return tableReference(cx, node);
    case 'PipeExpression': {
      const input = compileTabular(cx, cx.required(node.Expression, node, 'input'));
      const op = cx.required(node.Operator, node, 'operator');
      const columns = cx.schema(node);
      return { columns, node, run: operator(cx, op, input, columns) };
    }
    default:
      throw cx.unsupported(node, `tabular expression '${cx.operatorName(node)}'`);
  }
}

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

function operator(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  switch (cx.kindName(op)) {
    case 'FilterOperator':
      return where(cx, op, input);
    case 'ExtendOperator':
      return extend(cx, op, input, output);
    case 'ProjectOperator':
      return project(cx, op, input, output);
    case 'ProjectAwayOperator':
    case 'ProjectKeepOperator':
    case 'ProjectReorderOperator':
      return projectByName(cx, op, input, output);
    case 'ProjectRenameOperator':
      return projectRename(cx, op, input, output);
    case 'SummarizeOperator':
      return summarize(cx, op, input, output);
    case 'JoinOperator': {
      const right = compileTabular(cx, cx.required(op.Expression, op, 'right side'));
      return join(cx, op, input, right, output);
    }
    case 'SortOperator':
      return sort(cx, op, input);
    case 'TakeOperator':
      return take(cx, op, input);
    case 'TopOperator':
      return top(cx, op, input);
    case 'CountOperator':
      return count(input, output);
    case 'DistinctOperator':
      return distinct(cx, op, input, output);
    default:
      throw cx.unsupported(op, `operator '${cx.operatorName(op)}'`);
  }
}
