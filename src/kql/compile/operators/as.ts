import type { KNode } from '../../kusto.js';
import type { Compiler } from '../compiler.js';
import { runOnce } from '../cache.js';
import type { CompiledTabular, Tabular } from '../types.js';

/**
 * T | as Name: passes T through and binds Name to it for the rest of the query; T runs once
 * however often Name is used. hint.materialized does not change results.
 */
export function as(cx: Compiler, op: KNode, input: CompiledTabular): Tabular {
  const symbol = cx.required(op.Name, op, 'name').ReferencedSymbol;
  if (!symbol) throw cx.internal(op, 'as without a symbol');
  const run = runOnce(cx, input);
  cx.tabularLets.set(symbol, { columns: input.columns, node: op, run });
  return run;
}
