import type { KNode } from '../../kusto.js';
import { gather, Table, type ColumnInfo } from '../../table.js';
import { canonicalType } from '../../values/convert.js';
import { castDynamic } from '../../values/dynamicCast.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { materialize, Scope, tableFrame, type CompiledTabular, type Env, type Scalar } from '../types.js';
import { countArgument } from './take.js';

/** The array expansion shared by mv-expand (and its legacy mvexpand) and mv-apply. */
export interface Expansion {
  /** Schema of the expanded rows: the input's columns (an expanded name replaces its column in place), new names appended, then the item index. */
  readonly columns: ColumnInfo[];
  expand(table: Table, env: Env): ExpandedRows;
}

export interface ExpandedRows {
  readonly table: Table;
  /** Input row of each expanded row, ascending: an input row's expansions are contiguous. */
  readonly source: number[];
}

interface Item {
  readonly scalar: Scalar;
  readonly type: string;
}

type Slot = { readonly from: 'input'; readonly index: number } | { readonly from: 'item'; readonly item: number } | { readonly from: 'index' };

export interface ExpansionOptions {
  /** Operator name for messages. */
  readonly operator: string;
  /** Default row limit per input row (legacy mvexpand keeps its old 128). */
  readonly defaultLimit: number;
  /** Parameter names the operator accepts besides with_itemindex. */
  readonly bagParameters: readonly string[];
  /** Name the binder gave an unnamed expression with no name of its own (Column1, ...), appended at `position`. */
  readonly derivedName?: (position: number) => string | undefined;
}

/**
 * Compiles `[with_itemindex=I] [kind=bag|array] [Name =] expr [to typeof(T)], ... [limit N]`. Per the
 * reference: arrays expand in parallel (shorter ones pad with null), a property bag expands into
 * one-entry bags (kind=array: [key, value] pairs), null gives one row holding null, an empty array
 * or bag gives none, and any other value (a string, a number) is one row holding itself.
 */
export function compileExpansion(cx: Compiler, op: KNode, input: CompiledTabular, options: ExpansionOptions): Expansion {
  let bagAsArray = false;
  let indexName: string | undefined;
  for (const p of cx.elements(op.Parameters)) {
    const name = cx.textOf(cx.required(p.Name, p, 'parameter name')).trim();
    const value = cx.textOf(cx.required(p.Expression, p, 'parameter value')).trim();
    if (name === 'with_itemindex') indexName = value;
    else if (options.bagParameters.includes(name) && (value === 'bag' || value === 'array')) bagAsArray = value === 'array';
    else throw cx.unsupported(p, `${options.operator} parameter '${name}=${value}'`);
  }
  const limitNode = (op as { RowLimitClause?: KNode | null }).RowLimitClause;
  const limit = limitNode ? countArgument(cx, cx.required((limitNode as { RowLimit?: KNode | null }).RowLimit, limitNode, 'row limit')) : () => options.defaultLimit;

  const scope = new Scope(input.columns);
  const columns: ColumnInfo[] = input.columns.map((c) => ({ ...c }));
  const slots: Slot[] = input.columns.map((_, index) => ({ from: 'input', index }));
  const items: Item[] = [];
  for (const element of cx.elements(op.Expressions)) {
    const named = cx.required(element.Expression, element, 'expression');
    let valueNode = named;
    let name: string | undefined;
    if (cx.is(named, 'SimpleNamedExpression')) {
      name = cx.required(named.Name, named, 'name').SimpleName ?? cx.textOf(named.Name!).trim();
      valueNode = cx.required(named.Expression, named, 'value');
    } else if (cx.is(named, 'NameReference') && named.ReferencedSymbol?.Kind === cx.lib.symbolKinds.Column) {
      name = named.ReferencedSymbol.Name;
    } else {
      // As the binder names it: a conversion of one column (parse_json(Folders)) is that column,
      // replaced in place; a path its parts (d_x); anything else a new ColumnN at the end.
      name = cx.lib.K.KustoFacts.GetExpressionResultName(named, null) || options.derivedName?.(columns.length);
      if (name === undefined) throw cx.unsupported(named, `${options.operator} of an unnamed expression (write Name = ${cx.textOf(named).trim()})`);
    }
    const type = typeOfClause(cx, element);
    const slot: Slot = { from: 'item', item: items.length };
    items.push({ scalar: compileScalar(cx, valueNode, scope), type });
    const existing = columns.findIndex((c) => c.name === name);
    if (existing >= 0) {
      columns[existing] = { name, type };
      slots[existing] = slot;
    } else {
      columns.push({ name, type });
      slots.push(slot);
    }
  }
  if (indexName !== undefined) {
    columns.push({ name: indexName, type: 'long' });
    slots.push({ from: 'index' });
  }

  return {
    columns,
    expand(table, env) {
      const frame = tableFrame(table, env);
      const values = items.map((item) => materialize(item.scalar, frame));
      const max = limit(env);
      const source: number[] = [];
      const position: number[] = [];
      for (let row = 0; row < table.length; row++) {
        let count = 0;
        for (const column of values) count = Math.max(count, sizeOf(column[row]));
        count = Math.min(count, max);
        for (let k = 0; k < count; k++) {
          source.push(row);
          position.push(k);
        }
      }
      const expanded = new Table(columns, source.length, (c) => {
        const slot = slots[c];
        if (slot.from === 'input') return gather(table.column(slot.index), source, columns[c].type);
        if (slot.from === 'index') return position;
        const column = values[slot.item];
        const { type } = items[slot.item];
        const out = new Array<unknown>(source.length);
        // A bag's keys are listed once per input row (its expanded rows are contiguous).
        let keysOf = -1;
        let keys: string[] = [];
        for (let r = 0; r < source.length; r++) {
          const value = column[source[r]];
          if (isBag(value) && keysOf !== source[r]) {
            keysOf = source[r];
            keys = Object.keys(value);
          }
          out[r] = castDynamic(elementAt(value, position[r], keys, bagAsArray), type);
        }
        return out;
      });
      return { table: expanded, source };
    },
  };
}

function typeOfClause(cx: Compiler, element: KNode): string {
  const clause = (element as { ToTypeOf?: KNode | null }).ToTypeOf;
  if (!clause) return 'dynamic';
  const literal = cx.required((clause as { TypeOf?: KNode | null }).TypeOf, clause, 'typeof');
  const [typeNode] = cx.elements((literal as { Types?: KNode | null }).Types);
  const name = typeNode?.ReferencedSymbol?.Name ?? literal.ReferencedSymbol?.Name;
  if (!name) throw cx.unsupported(clause, `'${cx.textOf(clause).trim()}'`);
  return canonicalType(name);
}

function isBag(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Rows a value expands into. */
function sizeOf(value: unknown): number {
  if (Array.isArray(value)) return value.length;
  if (isBag(value)) return Object.keys(value).length;
  return 1;
}

/** Element k of a value; `keys` are the value's own keys when it is a bag. */
function elementAt(value: unknown, k: number, keys: string[], bagAsArray: boolean): unknown {
  if (Array.isArray(value)) return k < value.length ? (value[k] ?? null) : null;
  if (isBag(value)) {
    if (k >= keys.length) return null;
    const key = keys[k];
    return bagAsArray ? [key, value[key]] : { [key]: value[key] };
  }
  return k === 0 ? (value ?? null) : null;
}
