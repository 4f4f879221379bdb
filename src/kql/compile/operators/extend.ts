import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { materialize, Scope, type CompiledTabular, type Frame, type Scalar, type Tabular } from '../types.js';

type Slot = { readonly from: 'input'; readonly index: number } | { readonly from: 'item'; readonly item: number };

/**
 * extend: each item sees the columns produced by the items before it (KQL allows
 * `extend a = 1, b = a + 1`); an item named like an existing column replaces it in place.
 */
export function extend(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const slots: Slot[] = input.columns.map((_, index) => ({ from: 'input', index }));
  const visible: ColumnInfo[] = [...input.columns];
  const items: { scalar: Scalar; slots: Slot[] }[] = [];

  for (const expr of cx.elements(op.Expressions)) {
    let name: string;
    let valueNode: KNode;
    if (cx.is(expr, 'SimpleNamedExpression')) {
      name = cx.required(expr.Name, expr, 'name').SimpleName ?? '';
      valueNode = cx.required(expr.Expression, expr, 'value');
    } else if (cx.is(expr, 'CompoundNamedExpression')) {
      // Only functions returning several values (series_stats, ...) bind here; none is implemented.
      const value = cx.required(expr.Expression, expr, 'value');
      const fn = cx.is(value, 'FunctionCallExpression') ? (value.Name?.SimpleName ?? '') : '';
      throw cx.unsupported(expr, `extend (a, b) = ${fn ? `${fn}(...)` : '...'}`);
    } else {
      // Unnamed: the binder appended it under the name it derived (Column1, a_b, ...).
      valueNode = expr;
      name = output[visible.length]?.name ?? '';
    }
    const scalar = compileScalar(cx, valueNode, new Scope(visible));
    const slot: Slot = { from: 'item', item: items.length };
    items.push({ scalar, slots: slots.slice() });
    const existing = visible.findIndex((c) => c.name === name);
    if (existing >= 0) {
      slots[existing] = slot;
      visible[existing] = { name, type: scalar.type };
    } else {
      slots.push(slot);
      visible.push({ name, type: scalar.type });
    }
  }
  if (visible.length !== output.length || visible.some((c, i) => c.name !== output[i].name)) {
    throw cx.internal(op, 'extend columns differ from the binder schema');
  }

  return (env) => {
    const table = input.run(env);
    const computed: (unknown[] | undefined)[] = new Array(items.length);
    const resolve = (slot: Slot): unknown[] => {
      if (slot.from === 'input') return table.column(slot.index);
      let col = computed[slot.item];
      if (!col) {
        const item = items[slot.item];
        const frame: Frame = { length: table.length, env, column: (s) => resolve(item.slots[s]) };
        col = materialize(item.scalar, frame);
        computed[slot.item] = col;
      }
      return col;
    };
    return new Table(
      output,
      table.length,
      (c) => resolve(slots[c]),
      (c) => {
        const slot = slots[c];
        return slot.from === 'input' ? { table, column: slot.index, rows: null } : undefined;
      },
    );
  };
}
