import type { KNode, KSymbol } from './kusto.js';
import type { KustoLibrary } from './load.js';

/**
 * Which columns of which tables a query can read: per table referenced by name, the column names, or
 * 'all'. The whole answer is 'all' when the query can reach tables it does not name (table("X")).
 * A superset is always safe: a source loads these columns and may leave the others out.
 */
export type ColumnsRead = ReadonlyMap<string, ReadonlySet<string> | 'all'> | 'all';

/**
 * Constructs whose column reads the binder's symbols do not show: a function body is bound apart
 * from its call sites, plugins and search read columns by their own rules. Every table read by a
 * query that has one of these is read whole.
 */
const READS_WHOLE_TABLES = new Set([
  'FunctionDeclaration',
  'InvokeOperator',
  'EvaluateOperator',
  'SearchOperator',
  'FindOperator',
  'MacroExpandOperator',
  'PartitionOperator',
  'PartitionByOperator',
  'ForkOperator',
  'FacetOperator',
  'GraphMatchOperator',
  'MakeGraphOperator',
]);

/** Functions that read every column of their row (pack_all) or name columns and tables in strings. */
const READS_BY_STRING_OR_WHOLE_ROW = new Set(['pack_all', 'bag_pack_all', 'column_ifexists']);
const REACHES_UNNAMED_TABLES = new Set(['table', 'database', 'cluster', 'external_table', 'materialized_view']);

/**
 * Walks a bound syntax tree. A table column is read when its symbol is: referenced anywhere (a column
 * reference, `$left.X`, a join key), expanded by `*` (its group's columns), or part of the query's
 * result; a column the binder derived (a join's `MD51`, a union's merged column) stands for the
 * columns it came from (its OriginalColumns). A derived column that does not say where it came from
 * stands for every table column of its name: over-approximating is safe, missing one is not.
 */
export function columnsRead(lib: KustoLibrary, root: KNode): ColumnsRead {
  const tableKind = lib.symbolKinds.Table;
  const columnKind = lib.symbolKinds.Column;
  const groupKind = lib.symbolKinds.Group;
  const functionKind = lib.symbolKinds.Function;
  const tables = new Map<string, KSymbol>();
  const read = new Set<KSymbol>();
  let wholeTables = false;
  let anyTable = false;

  const addColumn = (symbol: KSymbol): void => {
    const original = (symbol as { OriginalColumns?: unknown }).OriginalColumns;
    const originals = original ? lib.bridge.toArray<KSymbol>(original) : [];
    if (originals.length === 0) read.add(symbol);
    for (const c of originals) read.add(c);
  };
  const addColumnsOf = (type: KSymbol | null | undefined): void => {
    if (type?.Columns) for (const c of lib.bridge.toArray<KSymbol>(type.Columns)) addColumn(c);
  };

  const visit = (node: KNode): void => {
    if (node.IsToken) return;
    const kind = lib.kindNames.get(node.Kind) ?? '';
    if (READS_WHOLE_TABLES.has(kind)) wholeTables = true;
    // The names it drops are not read; what it keeps is counted where it is used or returned.
    if (kind === 'ProjectAwayOperator') return;
    const symbol = node.ReferencedSymbol;
    if (symbol) {
      if (symbol.Kind === tableKind && kind === 'NameReference') tables.set(symbol.Name, symbol);
      else if (symbol.Kind === columnKind && kind !== 'NameDeclaration') addColumn(symbol);
      else if (symbol.Kind === groupKind) {
        // `*` (its columns) or a wildcard such as `union Device*` (its tables).
        addColumnsOf(node.ResultType);
        const members = (symbol as { Members?: unknown }).Members;
        for (const m of members ? lib.bridge.toArray<KSymbol>(members) : []) {
          if (m.Kind === tableKind) tables.set(m.Name, m);
          else if (m.Kind === columnKind) addColumn(m);
        }
      }
      else if (symbol.Kind === functionKind && kind === 'FunctionCallExpression') {
        if (READS_BY_STRING_OR_WHOLE_ROW.has(symbol.Name)) wholeTables = true;
        if (REACHES_UNNAMED_TABLES.has(symbol.Name)) anyTable = true;
      }
    }
    for (let i = 0; i < node.ChildCount; i++) {
      const child = node.GetChild(i);
      if (child) visit(child);
    }
  };
  visit(root);
  if (anyTable) return 'all';
  // What the query returns is read, whatever operators carried it there unnamed (project-away, union).
  for (const result of resultsOf(lib, root)) addColumnsOf(result.ResultType);

  // A table's own column symbol marks that column; any other symbol (a column the query computed, or one
  // the binder made without saying where from) marks every table column of its name.
  const owner = new Map<KSymbol, [string, string]>();
  for (const [name, table] of tables) for (const c of columnsOf(lib, table)) owner.set(c, [name, c.Name]);
  const out = new Map<string, Set<string> | 'all'>();
  for (const name of tables.keys()) out.set(name, wholeTables ? 'all' : new Set());
  if (wholeTables) return out;
  const byName = new Set<string>();
  for (const symbol of read) {
    const own = owner.get(symbol);
    if (own) (out.get(own[0]) as Set<string>).add(own[1]);
    else byName.add(symbol.Name);
  }
  for (const [name, table] of tables) for (const c of columnsOf(lib, table)) if (byName.has(c.Name)) (out.get(name) as Set<string>).add(c.Name);
  return out;
}

function columnsOf(lib: KustoLibrary, table: KSymbol): KSymbol[] {
  return table.Columns ? lib.bridge.toArray<KSymbol>(table.Columns) : [];
}

/** The expressions of the query's result statements (a query block may return several). */
function resultsOf(lib: KustoLibrary, root: KNode): KNode[] {
  const statements = root.Statements;
  if (!statements) return [root];
  const results: KNode[] = [];
  for (let i = 0; i < statements.ChildCount; i++) {
    let statement = statements.GetChild(i);
    if (statement?.Kind === lib.kinds.SeparatedElement) statement = statement.GetChild(0);
    if (statement?.Kind === lib.kinds.ExpressionStatement && statement.Expression) results.push(statement.Expression);
  }
  return results;
}
