import type { KNode, KSymbol } from '../../kusto.js';
import { schemaOf } from '../../syntax.js';
import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import { nullOf } from '../../values/convert.js';
import type { Compiler } from '../compiler.js';
import type { CompiledTabular, Tabular } from '../types.js';

/** One input of a union, with the name `withsource=` gives its rows. */
interface Leg {
  readonly source: string;
  readonly compiled: CompiledTabular;
}

interface UnionOptions {
  withSource: string | null;
  inner: boolean;
  fuzzy: boolean;
}

function options(cx: Compiler, op: KNode): UnionOptions {
  const out: UnionOptions = { withSource: null, inner: false, fuzzy: false };
  for (const p of cx.elements(op.Parameters)) {
    const name = cx.textOf(cx.required(p.Name, p, 'parameter name')).trim().toLowerCase();
    const value = cx.textOf(cx.required(p.Expression, p, 'parameter value')).trim();
    if (name === 'withsource') out.withSource = value;
    else if (name === 'kind') out.inner = value.toLowerCase() === 'inner';
    else if (name === 'isfuzzy') out.fuzzy = value.toLowerCase() === 'true';
    // hint.concurrency / hint.spread do not change results.
  }
  return out;
}

/** The table or view a leg starts from (through parentheses and pipes), for its source name. */
function leftmostSource(cx: Compiler, node: KNode): KNode {
  let at = node;
  for (;;) {
    if (cx.is(at, 'ParenthesizedExpression') || cx.is(at, 'PipeExpression')) {
      const inner = at.Expression;
      if (!inner) return at;
      at = inner;
    } else return at;
  }
}

function tableLeg(cx: Compiler, node: KNode, table: KSymbol): Leg {
  const columns = schemaOf(cx.lib, table);
  if (!columns) throw cx.internal(node, `no columns for table '${table.Name}'`);
  const name = table.Name;
  return {
    source: name,
    compiled: {
      columns,
      node,
      run: (env) => {
        const data = env.tables.get(name);
        if (!data) throw cx.internal(node, `no data for table '${name}'`);
        return data;
      },
    },
  };
}

/**
 * The union's inputs in order. A wildcard (`Device*`) stands for the tables it matched; with
 * isfuzzy=true an input naming nothing the binder knows is left out, as Kusto leaves it out.
 */
function legsOf(cx: Compiler, op: KNode, fuzzy: boolean, piped?: CompiledTabular): Leg[] {
  const legs: Leg[] = [];
  if (piped) legs.push({ source: sourceName(cx, piped.node, 0), compiled: piped });
  for (const expr of cx.elements(op.Expressions)) {
    const start = leftmostSource(cx, expr);
    const symbol = start.ReferencedSymbol;
    if (cx.is(start, 'NameReference') && (!symbol || start.ResultType?.Kind === cx.lib.symbolKinds.Error)) {
      if (fuzzy) continue;
      throw cx.internal(start, `unresolved union input '${cx.textOf(start)}'`);
    }
    if (symbol && symbol.Kind === cx.lib.symbolKinds.Group && start === expr) {
      for (const member of cx.lib.bridge.toArray<KSymbol>((symbol as { Members?: unknown }).Members)) {
        if (member.Kind !== cx.lib.symbolKinds.Table) throw cx.unsupported(expr, `union over a wildcard that matches '${member.Name}', which is not a table`);
        legs.push(tableLeg(cx, expr, member));
      }
      continue;
    }
    if (symbol && symbol.Kind === cx.lib.symbolKinds.Group) throw cx.unsupported(expr, 'a wildcard inside a union subquery');
    legs.push({ source: sourceName(cx, expr, legs.length), compiled: cx.tabular(expr) });
  }
  return legs;
}

/**
 * withsource= value: the table, view or let name a leg reads from; for a leg that starts from
 * something else (datatable, print, ...) Kusto's reference leaves the value open, and we use
 * `union_arg<N>` (N = the leg's position).
 */
function sourceName(cx: Compiler, node: KNode, index: number): string {
  // A leg that ends in `| as Name` is named by it (the reference's `as` example).
  let last = node;
  while (cx.is(last, 'ParenthesizedExpression') && last.Expression) last = last.Expression;
  if (cx.is(last, 'PipeExpression') && last.Operator && cx.is(last.Operator, 'AsOperator')) {
    const named = last.Operator.Name?.ReferencedSymbol?.Name ?? last.Operator.Name?.SimpleName;
    if (named) return named;
  }
  const start = leftmostSource(cx, node);
  const symbol = start.ReferencedSymbol;
  if (cx.is(start, 'NameReference') && symbol) return symbol.Name;
  if (cx.is(start, 'FunctionCallExpression') && symbol) return symbol.Name;
  return `union_arg${index}`;
}

/**
 * The output layout of an outer union per the KQL reference: every column of every input, once per
 * name and type; a name that occurs with several types gives one column per type, named
 * `<name>_<type>`. Returns it with, per leg, the output index of each of its columns.
 */
function unify(legs: readonly Leg[]): { columns: ColumnInfo[]; positions: number[][] } {
  const typesByName = new Map<string, string[]>();
  for (const leg of legs)
    for (const c of leg.compiled.columns) {
      const types = typesByName.get(c.name);
      if (!types) typesByName.set(c.name, [c.type]);
      else if (!types.includes(c.type)) types.push(c.type);
    }
  const columns: ColumnInfo[] = [];
  const index = new Map<string, number>();
  const key = (c: ColumnInfo) => `${c.name}\u0000${c.type}`;
  for (const leg of legs)
    for (const c of leg.compiled.columns) {
      if (index.has(key(c))) continue;
      const types = typesByName.get(c.name)!;
      if (types.length === 1) {
        index.set(key(c), columns.length);
        columns.push({ name: c.name, type: c.type });
      } else
        for (const type of types) {
          index.set(key({ name: c.name, type }), columns.length);
          columns.push({ name: `${c.name}_${type}`, type });
        }
    }
  return { columns, positions: legs.map((leg) => leg.compiled.columns.map((c) => index.get(key(c))!)) };
}

function describe(columns: readonly ColumnInfo[]): string {
  return columns.map((c) => `${c.name}:${c.type}`).join(', ');
}

/**
 * union [kind=inner|outer] [withsource=Col] [isfuzzy=true] T1, (T2 | ...), Prefix*: the rows of
 * every input, in input order. Columns are matched by name and type; a cell an input lacks is
 * that column's null. The binder's layout must agree with the reference's rules: where the binder
 * differs (a name clash it renames, or a column of another type it drops) we refuse rather than
 * answer under a schema Kusto would not give.
 */
export function union(cx: Compiler, op: KNode, output: ColumnInfo[], piped?: CompiledTabular): Tabular {
  const opts = options(cx, op);
  const legs = legsOf(cx, op, opts.fuzzy, piped);
  if (legs.length === 0) throw cx.unsupported(op, 'a union none of whose inputs exist');
  const { columns, positions } = unify(legs);
  const names = new Set<string>();
  for (const c of columns) {
    if (names.has(c.name)) throw cx.unsupported(op, `a union with two output columns named '${c.name}' (Kusto and its binder rename them differently)`);
    names.add(c.name);
  }
  const expected = opts.withSource === null ? columns : [{ name: opts.withSource, type: 'string' }, ...columns];
  if (opts.withSource !== null && names.has(opts.withSource)) {
    throw cx.unsupported(op, `withsource=${opts.withSource} when an input already has a column of that name`);
  }
  if (describe(expected) !== describe(output)) {
    throw cx.unsupported(op, `a union the binder lays out as (${describe(output)}) where union's rules give (${describe(expected)})`);
  }
  if (opts.inner && positions.some((p) => p.length !== columns.length)) {
    // The binder lays out kind=inner like outer, so later operators were bound to columns it drops.
    throw cx.unsupported(op, 'union kind=inner over inputs whose columns differ');
  }
  const offset = opts.withSource === null ? 0 : 1;
  // sources[leg][outputColumn] = the leg's column index, or -1 when the leg lacks it.
  const sources = positions.map((p) => {
    const map = new Array<number>(output.length).fill(-1);
    p.forEach((out, legColumn) => (map[out + offset] = legColumn));
    return map;
  });

  return (env) => {
    const tables = legs.map((leg) => leg.compiled.run(env));
    const length = tables.reduce((n, t) => n + t.length, 0);
    return new Table(output, length, (c) => {
      const out = new Array<unknown>(length);
      let at = 0;
      tables.forEach((table, k) => {
        if (c < offset) {
          out.fill(legs[k].source, at, at + table.length);
        } else {
          const from = sources[k][c];
          if (from < 0) out.fill(nullOf(output[c].type), at, at + table.length);
          else {
            const values = table.column(from);
            for (let i = 0; i < table.length; i++) out[at + i] = values[i];
          }
        }
        at += table.length;
      });
      return out;
    });
  };
}

/** `union ...` at the start of a query. */
export function unionSource(cx: Compiler, node: KNode): CompiledTabular {
  const columns = cx.schema(node);
  return { columns, node, run: union(cx, node, columns) };
}
