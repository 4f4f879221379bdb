import type { KNode } from '../kusto.js';
import { unbox } from '../syntax.js';
import { datetimeFromDate, formatDatetime, formatTimespan, parseDatetime, parseTimespan, TICKS_PER_DAY } from '../values/datetime.js';
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
      // The binder's boxed TimeSpan is 0 for timespan(2), time(00:01:00) and the like: read the text.
      const text = cx.textOf(node).trim();
      const call = /^(?:timespan|time)\s*\((.*)\)$/is.exec(text);
      const inner = call ? call[1].trim() : text;
      if (inner === 'null') return null;
      // A bare number inside timespan() counts days.
      const ticks = /^[+-]?\d+(\.\d+)?$/.test(inner) ? Math.round(Number(inner) * TICKS_PER_DAY) : parseTimespan(inner);
      if (!Number.isNaN(ticks)) return ticks;
      if (raw === null || raw === undefined) return null;
      const boxed = unbox((raw as { ticks?: unknown }).ticks);
      return typeof boxed === 'number' ? boxed : null;
    }
    case 'DynamicExpression':
      return dynamicValue(cx, cx.required(node.Expression, node, 'dynamic value'));
    case 'GuidLiteralExpression':
      return raw === null || raw === undefined ? null : String(unbox(raw));
    default:
      return unbox(raw);
  }
}

/**
 * A dynamic literal's value, read from the syntax tree: KQL's dynamic literals are not JSON
 * (single quotes, datetime(...) and timespan elements). Datetimes and timespans inside a dynamic
 * value are held as Kusto prints them (7-digit ISO text, timespan text).
 */
function dynamicValue(cx: Compiler, node: KNode): unknown {
  const n = node as KNode & { Values?: KNode | null; Pairs?: KNode | null; Value?: KNode | null };
  switch (cx.kindName(node)) {
    case 'JsonArrayExpression':
      return cx.elements(n.Values).map((v) => dynamicValue(cx, v));
    case 'JsonObjectExpression': {
      const out: Record<string, unknown> = {};
      for (const pair of cx.elements(n.Pairs)) {
        const p = pair as KNode & { Value?: KNode | null };
        const name = cx.required(p.Name, pair, 'key') as KNode & { ValueText?: string };
        out[name.ValueText ?? name.Text ?? ''] = dynamicValue(cx, cx.required(p.Value, pair, 'value'));
      }
      return out;
    }
    case 'DateTimeLiteralExpression': {
      const ticks = literalValue(cx, node);
      return typeof ticks === 'number' ? formatDatetime(ticks, true) : null;
    }
    case 'TimespanLiteralExpression': {
      const ticks = literalValue(cx, node);
      return typeof ticks === 'number' ? formatTimespan(ticks) : null;
    }
    case 'NullLiteralExpression':
      return null;
    case 'UnaryMinusExpression': {
      const v = dynamicValue(cx, cx.required(node.Expression, node, 'operand'));
      if (typeof v !== 'number') throw cx.unsupported(node, 'this dynamic literal');
      return -v;
    }
    default:
      if (node.IsLiteral) return literalValue(cx, node);
      throw cx.unsupported(node, 'this dynamic literal');
  }
}
