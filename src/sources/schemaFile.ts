import { canonicalType, type ColumnInfo } from '../kql/index.js';

/** One table's columns as a schema file declares them, types in the engine's canonical names. */
export interface TableSchema {
  table: string;
  columns: ColumnInfo[];
  /** The file it was read from, for messages. */
  file: string;
}

/** One problem with one schema file: the file, the key (`Properties[3].Type`, or null) and the fix. */
export interface SchemaFileError {
  file: string;
  key: string | null;
  message: string;
}

export function formatSchemaError(e: SchemaFileError): string {
  return e.key ? `${e.file}: key '${e.key}': ${e.message}` : `${e.file}: ${e.message}`;
}

export const FORMAT_HINT = '{"Name": "<Table>", "Properties": [{"Name": "<Column>", "Type": "string"}, ...]}';
const TYPE_NAMES = 'string, int, long, real, decimal, bool, datetime, timespan, guid, dynamic';

/**
 * Type names beyond Kusto's own: the .NET names `.show table schema` reports (bool is stored as
 * System.SByte, dynamic as System.Object), which Azure-Sentinel's CustomTables files sometimes copy.
 */
const DOTNET_TYPES: Record<string, string> = { sbyte: 'bool', object: 'dynamic', sqldecimal: 'decimal', uuid: 'guid' };

/**
 * A schema file's type name → the engine's canonical one, case-insensitively: "String", "Datetime",
 * "DateTime", "Int", "Int32", "Int64", "Bool", "Boolean", "Double", "Real", "Dynamic", "Guid",
 * "System.String"… Null for a name Kusto does not know.
 */
export function schemaType(name: string): string | null {
  const bare = name.trim().replace(/^system\.(data\.sqltypes\.)?/i, '').toLowerCase();
  try {
    return canonicalType(DOTNET_TYPES[bare] ?? bare);
  } catch {
    return null;
  }
}

/** Azure-Sentinel's files write "Name"/"name", "Properties"/"properties", "Type"/"type" (Json.NET reads either). */
function field(obj: Record<string, unknown>, name: string): unknown {
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** "… at position 57" → "line 3, col 12", which an editor can go to. */
function jsonErrorWhere(text: string, message: string): string {
  if (/end of JSON input/i.test(message)) return ' at the end of the file';
  const at = /position (\d+)/.exec(message);
  if (!at) return '';
  const before = text.slice(0, Number(at[1]));
  const line = before.split('\n').length;
  return ` at line ${line}, col ${before.length - before.lastIndexOf('\n')}`;
}

/**
 * Reads one schema file in Azure-Sentinel's KqlvalidationsTests/CustomTables format. Every problem is
 * reported (not just the first), each with its key and the fix.
 */
export function parseSchemaFile(text: string, file: string): { schema: TableSchema | null; errors: SchemaFileError[] } {
  const errors: SchemaFileError[] = [];
  const fail = (key: string | null, message: string) => errors.push({ file, key, message });
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    const message = (error as Error).message;
    fail(null, `not valid JSON${jsonErrorWhere(text, message)} (${message}); a schema file is ${FORMAT_HINT}`);
    return { schema: null, errors };
  }
  if (!isObject(doc)) {
    fail(null, `expected a JSON object; a schema file is ${FORMAT_HINT}`);
    return { schema: null, errors };
  }

  const table = field(doc, 'Name');
  if (table === undefined) fail('Name', 'missing; add "Name": "<Table>", the table name the hunts query');
  else if (typeof table !== 'string' || table.trim() === '') fail('Name', `expected the table name as a non-empty string, got ${JSON.stringify(table)}`);

  const properties = field(doc, 'Properties');
  const columns: ColumnInfo[] = [];
  if (properties === undefined) fail('Properties', 'missing; add "Properties": [{"Name": "<Column>", "Type": "string"}, ...], one entry per column');
  else if (!Array.isArray(properties)) fail('Properties', 'expected a list of columns, [{"Name": "<Column>", "Type": "string"}, ...]');
  else {
    if (properties.length === 0) fail('Properties', 'no columns; list the table\'s columns, [{"Name": "<Column>", "Type": "string"}, ...]');
    const seen = new Map<string, number>();
    properties.forEach((p: unknown, i) => {
      const at = `Properties[${i}]`;
      if (!isObject(p)) {
        fail(at, `expected {"Name": "<Column>", "Type": "<type>"}, got ${JSON.stringify(p)}`);
        return;
      }
      const name = field(p, 'Name');
      const type = field(p, 'Type');
      let ok = true;
      if (typeof name !== 'string' || name.trim() === '') {
        fail(`${at}.Name`, name === undefined ? 'missing; add "Name": "<Column>"' : `expected the column name as a non-empty string, got ${JSON.stringify(name)}`);
        ok = false;
      } else if (seen.has(name)) {
        fail(`${at}.Name`, `column "${name}" is declared twice (also Properties[${seen.get(name)}]); remove one of them`);
        ok = false;
      } else seen.set(name, i);
      const canonical = typeof type === 'string' ? schemaType(type) : null;
      if (type === undefined) {
        fail(`${at}.Type`, `missing; add "Type": "<type>", one of ${TYPE_NAMES}`);
        ok = false;
      } else if (canonical === null) {
        fail(`${at}.Type`, `unknown type ${JSON.stringify(type)}; use one of ${TYPE_NAMES} (any case; .NET names such as Int32, Int64, Boolean, Double, DateTime work too)`);
        ok = false;
      }
      if (ok) columns.push({ name: name as string, type: canonical as string });
    });
  }
  if (errors.length) return { schema: null, errors };
  return { schema: { table: (table as string).trim(), columns, file }, errors };
}
