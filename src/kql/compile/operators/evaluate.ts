import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Tabular } from '../types.js';
import { bagUnpack } from './bagUnpack.js';

/** A plugin: compiled from its call (arguments) and the evaluate operator (output schema clause). */
export type PluginCompiler = (cx: Compiler, op: KNode, call: KNode, input: CompiledTabular, output: ColumnInfo[]) => Tabular;

/** evaluate plugins by name. */
const PLUGINS: Record<string, PluginCompiler> = {
  bag_unpack: bagUnpack,
};

/** evaluate plugin(...) [: (schema)]. */
export function evaluate(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  for (const p of cx.elements(op.Parameters)) throw cx.unsupported(p, `evaluate ${cx.textOf(p).trim()}`);
  const call = cx.required((op as { FunctionCall?: KNode | null }).FunctionCall, op, 'plugin call');
  const name = cx.required(call.Name, call, 'plugin name').SimpleName ?? cx.textOf(call.Name!).trim();
  const plugin = PLUGINS[name];
  if (!plugin) throw cx.unsupported(call, `plugin '${name}'`);
  return plugin(cx, op, call, input, output);
}

/** Names of the plugins the engine runs, for the supported-KQL page. */
export const SUPPORTED_PLUGINS: readonly string[] = Object.keys(PLUGINS);
