import { errorAt, UNSUPPORTED } from '../errors.js';
import type { KNode } from '../kusto.js';
import type { Compiler } from './compiler.js';

/** Operators whose output is serialized whatever their input (the reference's window-functions page). */
const SERIALIZING = new Set(['SortOperator', 'TopOperator', 'SerializeOperator']);

/**
 * Operators that keep a serialized input serialized. The reference lets every operator not listed as
 * unserializing do so; we list only those whose local implementation keeps row order.
 */
const PRESERVING = new Set([
  'ExtendOperator',
  'FilterOperator',
  'ProjectOperator',
  'ProjectAwayOperator',
  'ProjectKeepOperator',
  'ProjectRenameOperator',
  'ProjectReorderOperator',
  'TakeOperator',
  'ParseOperator',
  'ParseWhereOperator',
  'MvApplyOperator',
  'AsOperator',
]);

/**
 * Window functions (prev, next, row_number, ...) read neighbouring rows, so Kusto only allows them
 * over a serialized row set; the binder does not check this, so we do, from the syntax: the
 * operator holding the call must be `serialize` or read the output of sort/top/serialize/range,
 * possibly through order-keeping operators, parentheses or a tabular `let`.
 */
export function requireSerialized(cx: Compiler, call: KNode, name: string): void {
  if (!inSerializedRowSet(cx, call)) {
    const message = `${name}() needs a serialized row set (Kusto refuses it here): add '| serialize' or '| sort by ...' before this operator`;
    throw errorAt(cx.text, call.TextStart, UNSUPPORTED, message);
  }
}

function inSerializedRowSet(cx: Compiler, node: KNode): boolean {
  let child = node;
  for (let parent = parentOf(node); parent; child = parent, parent = parentOf(parent)) {
    if (!cx.kindName(child).endsWith('Operator')) continue;
    if (cx.is(child, 'SerializeOperator')) return true;
    // An operator that starts a subquery (mv-apply's, a join's right side written bare) has an implicit input.
    if (!cx.is(parent, 'PipeExpression') || parent.Operator !== child) return false;
    return isSerialized(cx, parent.Expression);
  }
  return false;
}

function isSerialized(cx: Compiler, node: KNode | null | undefined): boolean {
  if (!node) return false;
  const kind = cx.kindName(node);
  // range, or a subquery's first operator (its implicit input is not serialized).
  if (kind === 'RangeOperator' || SERIALIZING.has(kind)) return true;
  if (kind === 'ParenthesizedExpression') return isSerialized(cx, node.Expression);
  if (kind === 'NameReference') {
    const let_ = node.ReferencedSymbol ? cx.tabularLets.get(node.ReferencedSymbol) : undefined;
    return let_ ? isSerialized(cx, let_.node) : false;
  }
  if (kind === 'PipeExpression') {
    const op = node.Operator ? cx.kindName(node.Operator) : '';
    if (SERIALIZING.has(op)) return true;
    return PRESERVING.has(op) && isSerialized(cx, node.Expression);
  }
  return false;
}

function parentOf(node: KNode): KNode | null {
  return (node as { Parent?: KNode | null }).Parent ?? null;
}
