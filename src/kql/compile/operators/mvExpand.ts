import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Tabular } from '../types.js';
import { compileExpansion } from './expansion.js';

/** mv-expand's default row limit per input row (the reference: 2147483647). */
const DEFAULT_LIMIT = 2_147_483_647;
/** The deprecated `mvexpand` keeps its old default limit (the reference). */
const LEGACY_LIMIT = 128;

/** mv-expand / mvexpand: one output row per element of the expanded arrays or bags (see expansion.ts). */
export function mvExpand(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const legacy = cx.operatorName(op).toLowerCase() === 'mvexpand';
  const expansion = compileExpansion(cx, op, input, {
    operator: legacy ? 'mvexpand' : 'mv-expand',
    defaultLimit: legacy ? LEGACY_LIMIT : DEFAULT_LIMIT,
    bagParameters: ['kind', 'bagexpansion'],
    // New columns are appended in item order, as the binder lays them out.
    derivedName: (position) => output[position]?.name,
  });
  const { columns } = expansion;
  if (columns.length !== output.length || columns.some((c, i) => c.name !== output[i].name || c.type !== output[i].type)) {
    throw cx.internal(op, 'mv-expand columns differ from the binder schema');
  }
  return (env) => expansion.expand(input.run(env), env).table;
}
