import { errorAt, RUNTIME } from '../../errors.js';
import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import { fromInput, nullOf, toKqlString } from '../../values/convert.js';
import type { Compiler } from '../compiler.js';
import { literalValue } from '../literal.js';
import { compileScalar } from '../scalar.js';
import { materialize, Scope, tableFrame, type CompiledTabular, type Tabular } from '../types.js';

type Conflict = 'error' | 'replace_source' | 'keep_source';

/**
 * evaluate bag_unpack(Column [, OutputColumnPrefix] [, columnsConflict=...]) [: (schema)]: each
 * top-level slot of the bag becomes a column named prefix + key; the bag column goes away.
 *
 * With an output schema the columns are the schema's (plus the input's for `*`), converted to the
 * declared types. Without one they depend on the data, which the binder cannot know: it gives the
 * input's other columns and lets later operators name any column. We run that form only as the
 * query's last operator, where the result simply gains the slots, sorted by name and typed as the
 * reference says (a slot's type when all its non-null values share it, else dynamic); only `take`
 * may follow. Anywhere else it is refused with the fix: give the schema.
 */
export function bagUnpack(cx: Compiler, op: KNode, call: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const args = cx.elements(cx.required(call.ArgumentList, call, 'arguments').Expressions);
  let prefix = '';
  let conflict: Conflict = 'error';
  for (const arg of args.slice(1)) {
    if (cx.is(arg, 'SimpleNamedExpression')) {
      const name = cx.required(arg.Name, arg, 'name').SimpleName ?? '';
      const value = constantString(cx, cx.required(arg.Expression, arg, 'value'));
      if (name === 'columnsConflict' && (value === 'error' || value === 'replace_source' || value === 'keep_source')) conflict = value;
      else if (name === 'OutputColumnPrefix') prefix = value;
      else throw cx.unsupported(arg, `bag_unpack ${name}='${value}'`);
    } else prefix = constantString(cx, arg);
  }
  const bagNode = cx.required(args[0], call, 'column');
  const bag = compileScalar(cx, bagNode, new Scope(input.columns));
  const bagColumn = bagNode.ReferencedSymbol?.Kind === cx.lib.symbolKinds.Column ? bagNode.ReferencedSymbol.Name : undefined;
  const kept = input.columns.map((c, index) => ({ ...c, index })).filter((c) => c.name !== bagColumn);

  const schema = (op as { Schema?: KNode | null }).Schema;
  if (schema) {
    const declared = new Set(
      cx.elements((cx.required((schema as { Schema?: KNode | null }).Schema, schema, 'schema') as { Columns?: KNode | null }).Columns).map(
        (d) => cx.required(d.Name, d, 'name').SimpleName ?? '',
      ),
    );
    const sources = output.map((c) => {
      if (declared.has(c.name)) return { key: c.name.startsWith(prefix) ? c.name.slice(prefix.length) : undefined };
      const from = kept.find((k) => k.name === c.name);
      if (!from) throw cx.internal(op, `bag_unpack output column '${c.name}' is neither declared nor an input column`);
      return { index: from.index };
    });
    return (env) => {
      const table = input.run(env);
      let bags: unknown[] | undefined;
      return new Table(output, table.length, (c) => {
        const source = sources[c];
        if (source.index !== undefined) return table.column(source.index);
        bags ??= materialize(bag, tableFrame(table, env));
        const { type } = output[c];
        return bags.map((b) => (source.key === undefined ? nullOf(type) : slotAs(slotOf(b, source.key), type)));
      });
    };
  }

  if (!isQueryResult(cx, op)) {
    throw cx.unsupported(
      call,
      `evaluate bag_unpack() without an output schema before other operators (its columns depend on the data): declare them, e.g. '| evaluate bag_unpack(${cx.textOf(bagNode).trim()}) : (*, Name: string, Count: long)'`,
    );
  }
  if (output.length !== kept.length || output.some((c, i) => c.name !== kept[i].name)) throw cx.internal(op, 'bag_unpack columns differ from the binder schema');
  return (env) => {
    const table = input.run(env);
    const bags = materialize(bag, tableFrame(table, env));
    const slots = new Map<string, { name: string; type: string | undefined; values: unknown[] }>();
    const taken = new Set(output.map((c) => c.name));
    const replaced = new Map<string, string>();
    bags.forEach((b, row) => {
      if (b === null || typeof b !== 'object' || Array.isArray(b)) return;
      for (const [key, value] of Object.entries(b)) {
        const name = prefix + key;
        if (taken.has(name)) {
          if (conflict === 'keep_source') continue;
          if (conflict === 'error') {
            const message = `bag_unpack: the slot '${key}' is also the input column '${name}'; pass columnsConflict='replace_source' or 'keep_source', or a prefix`;
            throw errorAt(cx.text, call.TextStart, RUNTIME, message);
          }
          replaced.set(name, key);
        }
        let slot = slots.get(key);
        if (!slot) {
          slot = { name, type: undefined, values: new Array<unknown>(bags.length).fill(null) };
          slots.set(key, slot);
        }
        slot.values[row] = value;
        if (value !== null) {
          const type = jsonType(value);
          slot.type = slot.type === undefined || slot.type === type ? type : 'dynamic';
        }
      }
    });
    const added = [...slots.values()].filter((s) => !replaced.has(s.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const typeOf = (s: { type: string | undefined }) => s.type ?? 'dynamic';
    const columns: ColumnInfo[] = [
      ...output.map((c) => {
        const key = replaced.get(c.name);
        return key === undefined ? c : { name: c.name, type: typeOf(slots.get(key)!) };
      }),
      ...added.map((s) => ({ name: s.name, type: typeOf(s) })),
    ];
    return new Table(columns, table.length, (c) => {
      if (c < output.length) {
        const key = replaced.get(output[c].name);
        if (key === undefined) return table.column(kept[c].index);
        const slot = slots.get(key)!;
        return slot.values.map((v) => slotAs(v, typeOf(slot)));
      }
      const slot = added[c - output.length];
      return slot.values.map((v) => slotAs(v, typeOf(slot)));
    });
  };
}

function constantString(cx: Compiler, node: KNode): string {
  if (!node.IsLiteral) throw cx.unsupported(node, 'a bag_unpack argument that is not a constant');
  return String(literalValue(cx, node) ?? '');
}

function slotOf(bag: unknown, key: string): unknown {
  if (bag === null || typeof bag !== 'object' || Array.isArray(bag)) return null;
  return Object.prototype.hasOwnProperty.call(bag, key) ? ((bag as Record<string, unknown>)[key] ?? null) : null;
}

/** A slot's value held as a column type; a string column reads any value as its text. */
function slotAs(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return nullOf(type);
  if (type === 'dynamic') return value;
  if (type === 'string') return toKqlString(value, 'dynamic');
  return fromInput(value, type);
}

function jsonType(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'real';
  return 'dynamic';
}

/**
 * Whether `op` ends the query's result statement, or only `take`s follow it (they keep every
 * column and name none): nothing else reads the columns the data adds.
 */
function isQueryResult(cx: Compiler, op: KNode): boolean {
  let pipe = parentOf(op);
  if (!pipe || !cx.is(pipe, 'PipeExpression') || pipe.Operator !== op) return false;
  let statement = parentOf(pipe);
  while (statement && cx.is(statement, 'PipeExpression') && statement.Expression === pipe && cx.is(statement.Operator, 'TakeOperator')) {
    pipe = statement;
    statement = parentOf(pipe);
  }
  if (!statement || !cx.is(statement, 'ExpressionStatement')) return false;
  for (let node = parentOf(statement); node; node = parentOf(node)) if (cx.is(node, 'FunctionBody')) return false;
  return true;
}

function parentOf(node: KNode): KNode | null {
  return (node as { Parent?: KNode | null }).Parent ?? null;
}
