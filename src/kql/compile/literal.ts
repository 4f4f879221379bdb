import type { KNode } from '../kusto.js';
import { unbox } from '../syntax.js';
import { toDynamic } from '../values/convert.js';
import { datetimeFromDate, parseDatetime } from '../values/datetime.js';
import type { Compiler } from './compiler.js';

/** A literal's value in the engine's representation (datetime/timespan as 100 ns ticks, see values/datetime.ts). */
export function literalValue(cx: Compiler, node: KNode): unknown {
  const kind = cx.kindName(node);
  const raw = node.LiteralValue;
  switch (kind) {
    case 'DateTimeLiteralExpression': {
      // Parsed from the text: the binder's boxed System.DateTime only keeps milliseconds.
      const text = cx.textOf(node);
      const inner = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')).trim().replace(/^(["'])(.*)\1$/, '$2');
      if (inner === 'null') return null;
      const ticks = parseDatetime(inner);
      if (!Number.isNaN(ticks)) return ticks;
      const boxed = unbox(raw);
      return boxed instanceof Date ? datetimeFromDate(boxed) : null;
    }
    case 'TimespanLiteralExpression': {
      if (raw === null || raw === undefined) return null;
      const ticks = unbox((raw as { ticks?: unknown }).ticks);
      return typeof ticks === 'number' ? ticks : null;
    }
    case 'DynamicExpression': {
      const v = unbox(raw);
      if (typeof v !== 'string') return v ?? null;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        // KQL's own literal syntax (single quotes, datetime(...), 1h): read the syntax tree.
        return dynamicLiteral(cx, cx.required(node.GetChild(2), node, 'dynamic value'));
      }
    }
    case 'GuidLiteralExpression':
      return raw === null || raw === undefined ? null : String(unbox(raw));
    default:
      return unbox(raw);
  }
}

/** The value of a JSON-like node inside dynamic(...); scalars inside as toDynamic gives them. */
function dynamicLiteral(cx: Compiler, node: KNode): unknown {
  const kind = cx.kindName(node);
  if (kind === 'JsonArrayExpression') return listOf(cx, node).map((e) => dynamicLiteral(cx, e));
  if (kind === 'JsonObjectExpression') {
    const bag: Record<string, unknown> = {};
    for (const pair of listOf(cx, node)) {
      const name = cx.required(pair.GetChild(0), pair, 'property name');
      bag[name.ValueText ?? ''] = dynamicLiteral(cx, cx.required(pair.GetChild(2), pair, 'property value'));
    }
    return bag;
  }
  if (kind === 'NullLiteralExpression') return null;
  if (kind === 'DynamicExpression') return literalValue(cx, node);
  if (kind === 'UnaryMinusExpression') {
    const v = dynamicLiteral(cx, cx.required(node.GetChild(1), node, 'operand'));
    if (typeof v === 'number') return -v;
  } else if (node.IsLiteral && kind.endsWith('LiteralExpression')) {
    return toDynamic(literalValue(cx, node), node.ResultType?.Name ?? 'dynamic');
  }
  throw cx.unsupported(node, `'${cx.textOf(node).slice(0, 40)}' inside a dynamic literal`);
}

function listOf(cx: Compiler, node: KNode): KNode[] {
  for (let i = 0; i < node.ChildCount; i++) {
    const child = node.GetChild(i);
    if (child && cx.is(child, 'List')) return cx.elements(child);
  }
  return [];
}
