import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { gather, Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { hasNullPart, KeyMap } from '../keyMap.js';
import type { CompiledTabular, RowFn, Tabular } from '../types.js';
import { keyColumns } from './join.js';

function lookupKind(cx: Compiler, op: KNode): 'leftouter' | 'inner' {
  for (const p of cx.elements(op.Parameters)) {
    if ((p.Name?.SimpleName ?? '') !== 'kind') continue;
    const value = cx.textOf(cx.required(p.Expression, p, 'kind')).trim().toLowerCase();
    if (value === 'leftouter' || value === 'inner') return value;
    throw cx.unsupported(p, `lookup kind=${value}`);
  }
  return 'leftouter';
}

function readers(table: Table, columns: number[]): RowFn[] {
  return columns.map((c) => {
    const col = table.column(c);
    return (i: number) => col[i];
  });
}

/**
 * T | lookup [kind=leftouter|inner] (R) on A, $left.B == $right.C: every left row with each
 * matching right row (right rows in order); leftouter keeps an unmatched left row once, with nulls.
 * Output: the left columns, then the right ones except its keys (the binder renames clashes).
 * As in join, a null key part matches nothing.
 */
export function lookup(cx: Compiler, op: KNode, left: CompiledTabular, output: ColumnInfo[]): Tabular {
  const kind = lookupKind(cx, op);
  const right = cx.tabular(cx.required(op.Expression, op, 'right side'));
  const [leftKeys, rightKeys] = keyColumns(cx, op, left, right, (op as { LookupClause?: KNode | null }).LookupClause);
  const L = left.columns.length;
  const rightKept = right.columns.map((_, i) => i).filter((i) => !rightKeys.includes(i));
  if (output.length !== L + rightKept.length) throw cx.internal(op, 'lookup columns differ from the binder schema');

  return (env) => {
    const l = left.run(env);
    const r = right.run(env);
    const lk = readers(l, leftKeys);
    const rk = readers(r, rightKeys);
    const map = new KeyMap(rk, true);
    const rows: number[][] = [];
    for (let j = 0; j < r.length; j++) {
      if (hasNullPart(rk, j)) continue;
      const id = map.add(j);
      if (id === rows.length) rows.push([j]);
      else rows[id].push(j);
    }
    const li: number[] = [];
    const ri: number[] = [];
    for (let i = 0; i < l.length; i++) {
      const id = map.find(lk, i);
      if (id < 0) {
        if (kind === 'leftouter') {
          li.push(i);
          ri.push(-1);
        }
        continue;
      }
      for (const j of rows[id]) {
        li.push(i);
        ri.push(j);
      }
    }
    return new Table(output, li.length, (c) =>
      c < L ? gather(l.column(c), li, output[c].type) : gather(r.column(rightKept[c - L]), ri, output[c].type),
    );
  };
}
