import { errorAt, UNSUPPORTED } from '../../errors.js';
import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { canonicalType, fromInput, toKqlString } from '../../values/convert.js';
import type { Compiler } from '../compiler.js';
import { literalValue } from '../literal.js';
import { compileScalar } from '../scalar.js';
import type { Scalar, Scope } from '../types.js';

/** The `with` pattern of parse / parse-where, compiled once into one anchored regex. */
export interface ParsePattern {
  /** The parsed expression, read as a string. */
  readonly source: Scalar;
  /** The extracted columns, in pattern order. */
  readonly columns: readonly ColumnInfo[];
  /** Values for one input string, or null when it does not parse (in relaxed mode a bad value is only that column's null). */
  match(text: string): unknown[] | null;
}

type Kind = 'simple' | 'regex' | 'relaxed';

/** What a typed column matches in simple mode (the reference: `long` is `\-\d+`, a string anything). */
const TYPE_PATTERNS: Record<string, string> = {
  int: '-?\\d+',
  long: '-?\\d+',
  real: '-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?',
  decimal: '-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?',
  bool: '[Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee]',
  guid: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
};

const REGEX_FLAGS: Record<string, string> = { i: 'i', m: 'm', s: 's', U: '' };

/**
 * Compiles `[kind=simple|regex|relaxed [flags=...]] expr with [*] "const" name[:type] [*] ...`.
 *
 * What the reference fixes: `*` skips text, a column without a type is a string, typed columns
 * convert, and strict modes (simple, regex) give every column null when any part fails, relaxed only
 * the columns whose text does not convert. Where it is silent we chose, in line with its examples:
 * the pattern must match the whole string (hence the habit of a trailing `*`), anchored at both ends;
 * in simple and relaxed mode `*` and string columns take the shortest text (the next occurrence of
 * the following constant) and may span lines; in regex mode they are greedy (`.*`, as the reference's
 * flags example shows) unless `flags=U`, and `.` stops at a newline unless `flags=s`.
 */
export function compileParsePattern(cx: Compiler, op: KNode, scope: Scope, operator: string): ParsePattern {
  let kind: Kind = 'simple';
  let flags = '';
  let flagsNode: KNode | undefined;
  for (const p of cx.elements(op.Parameters)) {
    const name = cx.textOf(cx.required(p.Name, p, 'parameter name')).trim();
    const value = cx.textOf(cx.required(p.Expression, p, 'parameter value')).trim();
    if (name === 'kind' && (value === 'simple' || value === 'regex' || value === 'relaxed')) kind = value;
    else if (name === 'flags') {
      flags = value;
      flagsNode = p;
    } else throw cx.unsupported(p, `${operator} ${name}=${value}`);
  }
  if (flagsNode && kind !== 'regex') throw cx.unsupported(flagsNode, `${operator} flags= without kind=regex`);
  for (const f of flags) if (!(f in REGEX_FLAGS)) throw cx.unsupported(cx.required(flagsNode, op, 'flags'), `regex flag '${f}' in ${operator}`);
  const ungreedy = flags.includes('U');

  const anything = kind === 'regex' ? (ungreedy ? '.*?' : '.*') : '[\\s\\S]*?';
  const columns: ColumnInfo[] = [];
  let regex = '';
  for (const element of cx.elements((op as { Patterns?: KNode | null }).Patterns)) {
    const kindName = cx.kindName(element);
    if (kindName === 'StarExpression') {
      regex += `(?:${anything})`;
    } else if (kindName === 'StringLiteralExpression') {
      const text = String(literalValue(cx, element) ?? '');
      regex += kind === 'regex' ? `(?:${ungreedy ? swapGreediness(text) : text})` : escapeRegex(text);
    } else if (kindName === 'NameDeclaration' || kindName === 'NameAndTypeDeclaration') {
      const nameNode = kindName === 'NameDeclaration' ? element : cx.required(element.Name, element, 'column name');
      const name = nameNode.SimpleName ?? cx.textOf(nameNode).trim();
      const type = canonicalType(nameNode.ResultType?.Name ?? 'string');
      if (scope.indexOf(name) >= 0) throw cx.unsupported(nameNode, `${operator} into the existing column '${name}'`);
      const typed = TYPE_PATTERNS[type];
      const body = !typed ? anything : kind === 'relaxed' ? `${typed}|${anything}` : typed;
      regex += `(?<c${columns.length}>${body})`;
      columns.push({ name, type });
    } else {
      throw cx.unsupported(element, `'${cx.textOf(element).trim()}' in a ${operator} pattern`);
    }
  }

  let compiled: RegExp;
  try {
    compiled = new RegExp(`^(?:${regex})$`, [...flags].map((f) => REGEX_FLAGS[f]).join(''));
  } catch (error) {
    const message = `${operator}: the pattern is not a regular expression the local engine can run (${(error as Error).message})`;
    throw errorAt(cx.text, op.TextStart, UNSUPPORTED, message);
  }

  const expr = cx.required(op.Expression, op, 'expression');
  const value = compileScalar(cx, expr, scope);
  const valueType = value.type;
  const source: Scalar =
    valueType === 'string'
      ? value
      : {
          type: 'string',
          bind: (frame) => {
            const f = value.bind(frame);
            return (i) => toKqlString(f(i), valueType);
          },
        };
  const strict = kind !== 'relaxed';
  return {
    source,
    columns,
    match(text) {
      const m = compiled.exec(text);
      if (!m) return null;
      const groups = m.groups ?? {};
      const out = new Array<unknown>(columns.length);
      for (let c = 0; c < columns.length; c++) {
        const converted = convert(groups[`c${c}`] ?? '', columns[c].type);
        if (converted === undefined) {
          if (strict) return null;
          out[c] = null;
        } else out[c] = converted;
      }
      return out;
    },
  };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The text as the column's type; undefined when it is not one. */
function convert(text: string, type: string): unknown {
  if (type === 'string') return text;
  if (type === 'guid') return GUID.test(text.trim()) ? text.trim().toLowerCase() : undefined;
  const value = fromInput(text, type);
  return value === null ? undefined : value;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}

/** RE2's `U` flag for a JS regex: every quantifier's greediness swapped (`a*` ↔ `a*?`). */
export function swapGreediness(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '\\') {
      out += ch + (pattern[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '[') {
      // A class runs to the first unescaped ']' that is not its first member.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      while (j < pattern.length && pattern[j] !== ']') j += pattern[j] === '\\' ? 2 : 1;
      out += pattern.slice(i, j + 1);
      i = j;
      continue;
    }
    let quantifier = '';
    if (ch === '*' || ch === '+' || (ch === '?' && pattern[i - 1] !== '(')) quantifier = ch;
    else if (ch === '{') quantifier = /^\{\d+(?:,\d*)?\}/.exec(pattern.slice(i))?.[0] ?? '';
    if (!quantifier) {
      out += ch;
      continue;
    }
    i += quantifier.length - 1;
    if (pattern[i + 1] === '?') {
      i++;
      out += quantifier;
    } else out += `${quantifier}?`;
  }
  return out;
}
