import type { KNode } from '../../kusto.js';
import type { Compiler } from '../compiler.js';
import { runOnce } from '../cache.js';
import type { CompiledTabular } from '../types.js';

/** materialize(expr): expr runs once per execution, however often the result is read. */
export function materialize(cx: Compiler, node: KNode): CompiledTabular {
  const inner = cx.tabular(cx.required(node.Expression, node, 'expression'));
  return { columns: inner.columns, node, run: runOnce(cx, inner) };
}
