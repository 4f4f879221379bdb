import type { KNode, KSymbol } from './kusto.js';
import type { KustoLibrary } from './load.js';
import type { ColumnInfo } from './table.js';

/** The items of a SyntaxList, unwrapping SeparatedElement (the list may mix both). */
export function elements(lib: KustoLibrary, list: KNode | null | undefined): KNode[] {
  const out: KNode[] = [];
  if (!list) return out;
  for (let i = 0; i < list.ChildCount; i++) {
    const child = list.GetChild(i);
    if (!child) continue;
    if (child.Kind === lib.kinds.SeparatedElement) {
      const element = child.GetChild(0);
      if (element) out.push(element);
    } else out.push(child);
  }
  return out;
}

export function kindName(lib: KustoLibrary, node: KNode): string {
  return lib.kindNames.get(node.Kind) ?? String(node.Kind);
}

/** Columns of a tabular type symbol as the binder computed them. */
export function schemaOf(lib: KustoLibrary, type: KSymbol | null | undefined): ColumnInfo[] | null {
  if (!type || !type.Columns) return null;
  return lib.bridge.toArray<KSymbol>(type.Columns).map((c) => ({ name: c.Name, type: c.Type?.Name ?? 'dynamic' }));
}

/** Unwraps Bridge.NET boxing of literal values (System.Int64, boxed doubles, ...). */
export function unbox(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  const v = value as { $boxed?: boolean; v?: unknown; toNumber?: () => number };
  if (v.$boxed) return unbox(v.v);
  if (typeof v.toNumber === 'function') return v.toNumber();
  return value;
}
