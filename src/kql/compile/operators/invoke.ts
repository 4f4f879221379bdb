import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { tabularCall } from '../userFunctions.js';
import type { CompiledTabular, Tabular } from '../types.js';

/** T | invoke f(args): calls the `let` function f with T as its first (tabular) parameter. */
export function invoke(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const call = cx.required((op as { Function?: KNode | null }).Function, op, 'function call');
  if (!call.ReferencedSymbol || !call.GetCalledFunctionBody?.()) {
    throw cx.unsupported(call, `invoke of '${cx.textOf(call).split('(')[0].trim()}' (only let functions can be invoked locally)`);
  }
  const compiled = tabularCall(cx, call, input);
  if (compiled.columns.length !== output.length) throw cx.internal(op, 'invoke columns differ from the binder schema');
  return compiled.run;
}
