/**
 * Writes docs/supported-kql.md: the KQL the local engine runs, generated from the engine itself.
 *   npm run docs:kql
 * Query operators come from SUPPORTED_TABULAR_KINDS, functions from the registry's catalogs, and the
 * expression operators and known gaps from compiling a small probe query for each: whatever the engine
 * compiles and runs (over empty tables) is listed as supported, whatever it refuses (LOCAL001) as a gap.
 * test/unit/scripts/supportedKql.test.ts fails when the committed page differs from what this generates.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUPPORTED_TABULAR_KINDS } from '../src/kql/compile/tabular.js';
import { constructOf } from './hunt-coverage.js';
import { CONVERSION_FUNCTIONS } from '../src/kql/functions/catalog/conversion.js';
import { DATETIME_FUNCTIONS } from '../src/kql/functions/catalog/datetime.js';
import { DYNAMIC_FUNCTIONS } from '../src/kql/functions/catalog/dynamic.js';
import { HASH_FUNCTIONS } from '../src/kql/functions/catalog/hashing.js';
import { LOGIC_FUNCTIONS } from '../src/kql/functions/catalog/logic.js';
import { MATH_FUNCTIONS } from '../src/kql/functions/catalog/math.js';
import { METADATA_FUNCTIONS } from '../src/kql/functions/catalog/metadata.js';
import { NETWORK_FUNCTIONS } from '../src/kql/functions/catalog/network.js';
import { STRING_FUNCTIONS } from '../src/kql/functions/catalog/strings.js';
import { AGGREGATES, SCALARS } from '../src/kql/functions/registry.js';
import type { ScalarFunction } from '../src/kql/functions/types.js';
import { KqlError, prepare, tableFromRows, UNSUPPORTED, type ColumnInfo } from '../src/kql/index.js';

export const PAGE = fileURLToPath(new URL('../docs/supported-kql.md', import.meta.url));

// ---------------------------------------------------------------------------------------------------------
// Query operators: syntax kinds as KQL spells them.

type OperatorCategory = 'Query structure' | 'Sources' | 'Filter and limit' | 'Columns' | 'Aggregate' | 'Combine tables' | 'Expand and parse rows' | 'Order' | 'Other';

const OPERATOR_CATEGORIES: readonly OperatorCategory[] = [
  'Query structure', 'Sources', 'Filter and limit', 'Columns', 'Aggregate', 'Combine tables', 'Expand and parse rows', 'Order', 'Other',
];

/** Syntax kind → [how KQL spells it, category]. A kind not listed is named from its kind (MvExpandOperator → mv-expand). */
const OPERATORS: Record<string, [string, OperatorCategory]> = {
  NameReference: ['a table or tabular `let` name', 'Query structure'],
  ParenthesizedExpression: ['`(` query `)`', 'Query structure'],
  PipeExpression: ['`|` (one operator after another)', 'Query structure'],
  FunctionCallExpression: ['a call of a tabular function (`let f = (...) {...}`, stored functions)', 'Query structure'],
  PrintOperator: ['`print`', 'Sources'],
  DataTableExpression: ['`datatable`', 'Sources'],
  RangeOperator: ['`range`', 'Sources'],
  ExternalDataExpression: ['`externaldata`', 'Sources'],
  MaterializeExpression: ['`materialize()`', 'Sources'],
  ToTableExpression: ['`totable()`', 'Sources'],
  FilterOperator: ['`where` (`filter`)', 'Filter and limit'],
  TakeOperator: ['`take` (`limit`)', 'Filter and limit'],
  TopOperator: ['`top`', 'Filter and limit'],
  DistinctOperator: ['`distinct`', 'Filter and limit'],
  SampleOperator: ['`sample`', 'Filter and limit'],
  SampleDistinctOperator: ['`sample-distinct`', 'Filter and limit'],
  SearchOperator: ['`search`', 'Filter and limit'],
  FindOperator: ['`find`', 'Filter and limit'],
  ExtendOperator: ['`extend`', 'Columns'],
  ProjectOperator: ['`project`', 'Columns'],
  ProjectAwayOperator: ['`project-away`', 'Columns'],
  ProjectKeepOperator: ['`project-keep`', 'Columns'],
  ProjectRenameOperator: ['`project-rename`', 'Columns'],
  ProjectReorderOperator: ['`project-reorder`', 'Columns'],
  ProjectByNamesOperator: ['`project-by-names`', 'Columns'],
  SummarizeOperator: ['`summarize`', 'Aggregate'],
  CountOperator: ['`count`', 'Aggregate'],
  TopNestedOperator: ['`top-nested`', 'Aggregate'],
  TopHittersOperator: ['`top-hitters`', 'Aggregate'],
  MakeSeriesOperator: ['`make-series`', 'Aggregate'],
  ReduceByOperator: ['`reduce`', 'Aggregate'],
  JoinOperator: ['`join`', 'Combine tables'],
  LookupOperator: ['`lookup`', 'Combine tables'],
  UnionOperator: ['`union`', 'Combine tables'],
  AsOperator: ['`as`', 'Combine tables'],
  InvokeOperator: ['`invoke`', 'Combine tables'],
  ForkOperator: ['`fork`', 'Combine tables'],
  FacetOperator: ['`facet`', 'Combine tables'],
  PartitionOperator: ['`partition`', 'Combine tables'],
  MvExpandOperator: ['`mv-expand` (`mvexpand`)', 'Expand and parse rows'],
  MvApplyOperator: ['`mv-apply`', 'Expand and parse rows'],
  ParseOperator: ['`parse`', 'Expand and parse rows'],
  ParseWhereOperator: ['`parse-where`', 'Expand and parse rows'],
  ParseKvOperator: ['`parse-kv`', 'Expand and parse rows'],
  EvaluateOperator: ['`evaluate` (plugins: see below)', 'Expand and parse rows'],
  ScanOperator: ['`scan`', 'Expand and parse rows'],
  SortOperator: ['`sort by` (`order by`)', 'Order'],
  SerializeOperator: ['`serialize`', 'Order'],
  GetSchemaOperator: ['`getschema`', 'Other'],
  RenderOperator: ['`render`', 'Other'],
  ConsumeOperator: ['`consume`', 'Other'],
};

/** MvExpandOperator → `mv-expand`: the fallback for kinds the table above does not know yet. */
function spelledFromKind(kind: string): string {
  const base = kind.replace(/(Operator|Expression)$/, '');
  return `\`${base.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}\``;
}

export function operatorName(kind: string): [string, OperatorCategory] {
  return OPERATORS[kind] ?? [spelledFromKind(kind), 'Other'];
}

// ---------------------------------------------------------------------------------------------------------
// Probes: a query per construct; supported when the engine compiles it and runs it over empty tables.

/** The table probes may read (T), empty. */
const PROBE_SCHEMA: ColumnInfo[] = [
  { name: 'a', type: 'string' },
  { name: 'n', type: 'long' },
  { name: 't', type: 'datetime' },
  { name: 'd', type: 'dynamic' },
];
const PROBE_TABLES = { T: tableFromRows('T', PROBE_SCHEMA, []) };

interface Probe {
  /** How the page names it. */
  name: string;
  query: string;
}

const expr = (name: string, e: string): Probe => ({ name, query: `print r = ${e}` });

/** Operators inside expressions and forms of operators, by group; a refused probe is listed as a gap. */
const FORM_PROBES: [string, Probe[]][] = [
  [
    'String predicates',
    [
      expr('`has` (`has_cs`, `!has`, `!has_cs`)', '"a b" has "A" and "a b" has_cs "a" and "a b" !has "c" and "a b" !has_cs "A"'),
      expr('`hasprefix` (`_cs`, `!`)', '"ab" hasprefix "A" and "ab" hasprefix_cs "a" and "ab" !hasprefix "b" and "ab" !hasprefix_cs "A"'),
      expr('`hassuffix` (`_cs`, `!`)', '"ab" hassuffix "B" and "ab" hassuffix_cs "b" and "ab" !hassuffix "a" and "ab" !hassuffix_cs "B"'),
      expr('`contains` (`_cs`, `!`)', '"ab" contains "A" and "ab" contains_cs "a" and "ab" !contains "c" and "ab" !contains_cs "A"'),
      expr('`startswith` (`_cs`, `!`)', '"ab" startswith "A" and "ab" startswith_cs "a" and "ab" !startswith "b" and "ab" !startswith_cs "A"'),
      expr('`endswith` (`_cs`, `!`)', '"ab" endswith "B" and "ab" endswith_cs "b" and "ab" !endswith "a" and "ab" !endswith_cs "B"'),
      expr('`matches regex`', '"ab" matches regex "a."'),
      expr('`has_any`', '"a b" has_any ("a", "c")'),
      expr('`has_all`', '"a b" has_all ("a", "b")'),
      expr('`has_any` over a dynamic array', '"a b" has_any (dynamic(["a"]))'),
    ],
  ],
  [
    'Equality, lists and ranges',
    [
      expr('`==`, `!=`', '1 == 1 and 1 != 2'),
      expr('`=~`, `!~` (case-insensitive)', '"A" =~ "a" and "A" !~ "b"'),
      expr('`in`, `!in`', '"a" in ("a", "b") and "c" !in ("a")'),
      expr('`in~`, `!in~` (case-insensitive)', '"A" in~ ("a") and "C" !in~ ("a")'),
      expr('`in` over a dynamic array', '"a" in (dynamic(["a", "b"]))'),
      { name: '`in (` subquery `)`', query: 'T | where a in ((T | project a))' },
      expr('`between`, `!between`', '5 between (1 .. 10) and 11 !between (1 .. 10)'),
      expr('`between` a datetime and a timespan', 'datetime(2024-01-02) between (datetime(2024-01-01) .. 1d)'),
    ],
  ],
  [
    'Arithmetic, comparison and logic',
    [
      expr('`+`, `-`, `*`, `/`, `%`', '1 + 2 - 3 * 4 / 5 % 6'),
      expr('unary `-`', '-(1)'),
      expr('`<`, `<=`, `>`, `>=`', '1 < 2 and 1 <= 2 and 2 > 1 and 2 >= 1'),
      expr('`and`, `or`', 'true and (false or true)'),
      expr('datetime and timespan arithmetic', 'datetime(2024-01-01) + 1d - 2h > datetime(2023-01-01) - 1s'),
    ],
  ],
  [
    'Dynamic values',
    [
      expr('`d.key`, `d["key"]`', 'dynamic({"a": {"b": 1}}).a["b"]'),
      expr('`d[index]`', 'dynamic([1, 2])[0]'),
    ],
  ],
  [
    'Statements and subqueries',
    [
      { name: '`let` name = scalar', query: 'let x = 1; print r = x' },
      { name: '`let` name = tabular expression', query: 'let X = T | where n > 1; X' },
      { name: '`let` function (`let f = (x:long) { ... }`)', query: 'let f = (x:long) { x + 1 }; print r = f(1)' },
      { name: '`toscalar()`', query: 'print r = toscalar(T | count)' },
    ],
  ],
  [
    '`join`',
    [
      ...['innerunique', 'inner', 'leftouter', 'rightouter', 'fullouter', 'leftanti', 'rightanti', 'leftsemi', 'rightsemi'].map((kind) => ({
        name: `\`kind=${kind}\``,
        query: `T | join kind=${kind} (T) on a`,
      })),
      { name: '`on` a common column', query: 'T | join (T) on a, n' },
      { name: '`on $left.a == $right.b`', query: 'T | join (T | project b = a) on $left.a == $right.b' },
      { name: 'several conditions joined by `,` or `and`', query: 'T | join (T | project b = a, m = n) on $left.a == $right.b and $left.n == $right.m' },
    ],
  ],
  [
    '`summarize`',
    [
      { name: '`by` columns and expressions', query: 'T | summarize count() by a, h = n * 2' },
      { name: '`(a, b) = arg_max(...)`', query: 'T | summarize (Last, A) = arg_max(t, a) by n' },
    ],
  ],
  [
    '`evaluate` plugins',
    [
      { name: '`bag_unpack`', query: 'T | evaluate bag_unpack(d)' },
    ],
  ],
];

/** Constructs real hunts use that the engine may not run; listed as gaps when their probe is refused. */
const GAP_PROBES: (Probe & { why?: string })[] = [
  { name: '`externaldata`', query: 'externaldata (x:string) [@"https://example.invalid/list.csv"] with (format="csv")', why: 'it downloads from a URL; the local engine never reaches the network' },
  { name: '`search`', query: 'T | search "x"' },
  { name: '`find`', query: 'find in (T) where a == "x"' },
  { name: '`union`', query: 'T | union T' },
  { name: '`lookup`', query: 'T | lookup (T | project a, m = n) on a' },
  { name: '`materialize()`', query: 'let X = materialize(T); X' },
  { name: '`mv-expand`', query: 'T | mv-expand d' },
  { name: '`mv-apply`', query: 'T | mv-apply e = d on (where isnotnull(e))' },
  { name: '`parse`', query: 'T | parse a with "x" b:string' },
  { name: '`make-series`', query: 'T | make-series c = count() on t step 1h' },
  { name: '`top-nested`', query: 'T | top-nested 2 of a by count()' },
  { name: '`serialize`, `prev()`, `next()`, `row_number()`', query: 'T | serialize | extend p = prev(a), x = next(a), r = row_number()' },
  { name: '`as`', query: 'T | as X' },
  { name: '`invoke`', query: 'let f = (X:(a:string)) { X | take 1 }; T | invoke f()' },
  { name: '`render`', query: 'T | render table' },
  { name: '`evaluate` with any plugin not listed above', query: 'T | evaluate narrow()' },
  { name: '`extend (a, b) = f(...)` (functions returning several values)', query: 'T | extend (x, y) = series_stats(d)' },
];

type ProbeResult = { ok: true } | { ok: false; message: string };

/** Runs one probe; a probe that does not bind is a mistake in this script and stops it. */
function probe(p: Probe): ProbeResult {
  try {
    prepare(p.query, { T: PROBE_SCHEMA }).run(PROBE_TABLES, { now: Date.UTC(2026, 0, 1) });
    return { ok: true };
  } catch (error) {
    if (error instanceof KqlError && error.code === UNSUPPORTED) return { ok: false, message: error.diagnostics[0].message };
    throw new Error(`supported-kql: the probe for ${p.name} (${p.query}) failed: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Functions, by the registry's catalogs.

const SCALAR_CATALOGS: [string, readonly ScalarFunction[]][] = [
  ['String functions', STRING_FUNCTIONS],
  ['Date and time functions', DATETIME_FUNCTIONS],
  ['Conversion functions', CONVERSION_FUNCTIONS],
  ['Dynamic, array and property-bag functions', DYNAMIC_FUNCTIONS],
  ['Conditional and logical functions', LOGIC_FUNCTIONS],
  ['Math functions', MATH_FUNCTIONS],
  ['IP address functions', NETWORK_FUNCTIONS],
  ['Hash and encoding functions', HASH_FUNCTIONS],
  ['Metadata and type functions', METADATA_FUNCTIONS],
];

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `parse_json` (`parsejson`, `todynamic`): the first catalog name, then its aliases. */
function spelled(names: readonly string[]): string {
  const [first, ...aliases] = names;
  return aliases.length ? `\`${first}\` (${aliases.map((a) => `\`${a}\``).join(', ')})` : `\`${first}\``;
}

function functionList(functions: readonly { names: readonly string[] }[]): string {
  return [...functions].sort((a, b) => byName(a.names[0], b.names[0])).map((f) => spelled(f.names)).join(', ');
}

// ---------------------------------------------------------------------------------------------------------

export function supportedKqlPage(): string {
  const lines: string[] = [
    '# KQL the local engine runs',
    '',
    '<!-- Generated by `npm run docs:kql` (scripts/supported-kql.ts) from the engine itself: do not edit by hand. -->',
    '',
    'Off Azure, hunts run on an embedded engine: Microsoft\'s KQL parser and binder, and this project\'s',
    'evaluator. This page lists what the evaluator runs. Anything else the binder accepts stops the query with',
    'an error naming the construct and its line and column (`LOCAL001 ... is not supported by the local engine',
    'yet`), never with a wrong answer, and `hunts validate` reports it before any run. Against Log Analytics',
    '(`--source loganalytics` and in Azure) the whole language is available.',
    '',
    'To see which of a folder of hunts run locally and what stops the others:',
    '`npm run coverage:hunts -- <folder>`.',
    '',
    '## Query operators',
    '',
  ];

  const kinds = [...new Set(SUPPORTED_TABULAR_KINDS)];
  for (const category of OPERATOR_CATEGORIES) {
    const names = kinds.map(operatorName).filter(([, c]) => c === category).map(([n]) => n).sort(byName);
    if (names.length) lines.push(`- **${category}**: ${names.join(', ')}`);
  }

  lines.push('', '## Operators in expressions, and operator forms', '');
  const refused: { p: Probe & { why?: string }; message: string }[] = [];
  for (const [group, probes] of FORM_PROBES) {
    const supported: string[] = [];
    for (const p of probes) {
      const result = probe(p);
      if (result.ok) supported.push(p.name);
      else refused.push({ p: { ...p, name: `${group}: ${p.name}` }, message: result.message });
    }
    if (supported.length) lines.push(`- **${group}**: ${supported.join(', ')}`);
  }

  lines.push('', '## Scalar functions', '');
  const catalogued = new Set<ScalarFunction>();
  for (const [title, functions] of SCALAR_CATALOGS) {
    for (const f of functions) catalogued.add(f);
    if (functions.length) lines.push(`- **${title}** (${functions.length}): ${functionList(functions)}`);
  }
  const others = SCALARS.filter((f) => !catalogued.has(f));
  if (others.length) lines.push(`- **Other** (${others.length}): ${functionList(others)}`);

  lines.push('', `## Aggregation functions (\`summarize\`, ${AGGREGATES.length})`, '');
  lines.push(`${functionList(AGGREGATES)}.`);

  lines.push('', '## Not supported locally', '');
  lines.push('Constructs that public hunts use and the local engine refuses today:', '');
  for (const p of GAP_PROBES) {
    const result = probe(p);
    if (!result.ok) refused.push({ p, message: result.message });
  }
  for (const { p, message } of refused) {
    // The construct the error names, when it is not the one listed (invoke stops at the `let` function first).
    const construct = constructOf(message);
    const plain = (text: string) => text.replace(/`|\(\)|\s/g, '');
    const head = plain(construct.split(/[\s(]/)[0]);
    const stopsAt = plain(p.name).includes(head) ? '' : ` (stops first at \`${construct}\`)`;
    lines.push(`- ${p.name}${p.why ? `: ${p.why}` : ''}${stopsAt}`);
  }
  lines.push(
    '- Any scalar or aggregation function not listed above: `function \'<name>\' is not supported by the local engine yet`.',
    '',
    '## Where local results differ from Log Analytics',
    '',
    '- `ingestion_time()` is null: local telemetry files carry no ingestion time (Kusto too returns null for a',
    '  table without an IngestionTime policy), so `where ingestion_time() > ago(1d)` keeps no rows locally.',
    '- `gettype()` of a datetime or timespan inside a dynamic value says `string` (such values are held as',
    '  text), and a JSON number written `1.0` says `int`.',
    '- `column_ifexists(name, default)` has the type of `default` (as Microsoft\'s binder types it): an existing',
    '  column of another type is converted to that type as `tostring()` would (or refused when no conversion',
    '  is exact).',
    '',
  );
  return lines.join('\n');
}

function main(): void {
  writeFileSync(PAGE, supportedKqlPage());
  process.stdout.write(`wrote ${PAGE}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
