import { KqlError, lineColumn, type KqlDiagnostic } from './errors.js';
import type { KCode, KDiagnostic, KGlobals } from './kusto.js';
import { loadKusto } from './load.js';
import type { ColumnInfo } from './table.js';

/** Table schemas the binder resolves names against. */
export type Schemas = Record<string, readonly ColumnInfo[]>;

const globalsCache = new Map<string, KGlobals>();

function globalsFor(schemas: Schemas): KGlobals {
  const key = JSON.stringify(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const cached = globalsCache.get(key);
  if (cached) return cached;
  const { K } = loadKusto();
  const tables = Object.entries(schemas).map(([name, columns]) => {
    const symbols = columns.map((c) => {
      const type = K.Symbols.ScalarTypes.GetSymbol(c.type);
      if (!type) throw new Error(`KQL: unknown column type '${c.type}' for ${name}.${c.name}`);
      return new K.Symbols.ColumnSymbol(c.name, type, null, null, null, null);
    });
    return new K.Symbols.TableSymbol.$ctor4(name, symbols);
  });
  const globals = K.GlobalState.Default.WithDatabase(new K.Symbols.DatabaseSymbol.ctor('db', tables));
  globalsCache.set(key, globals);
  return globals;
}

export interface Bound {
  text: string;
  code: KCode;
  globals: KGlobals;
}

/** Parses and binds; throws KqlError with every error-severity diagnostic (syntax and semantic). */
export function bind(text: string, schemas: Schemas): Bound {
  const lib = loadKusto();
  const globals = globalsFor(schemas);
  const code = lib.K.KustoCode.ParseAndAnalyze(text, globals);
  const errors = lib.bridge
    .toArray<KDiagnostic>(code.GetDiagnostics())
    .filter((d) => d.Severity === 'Error')
    .map((d): KqlDiagnostic => ({ code: d.Code, message: d.Message, ...lineColumn(text, d.HasLocation ? d.Start : 0) }));
  if (errors.length > 0) {
    const first = errors[0];
    const more = errors.length > 1 ? ` (+${errors.length - 1} more)` : '';
    throw new KqlError(
      `KQL: ${first.code} ${first.message} (line ${first.line}, col ${first.column})${more}`,
      errors,
    );
  }
  return { text, code, globals };
}
