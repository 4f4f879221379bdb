import type { KNode } from '../kusto.js';
import { unbox } from '../syntax.js';
import { datetimeFromDate, parseDatetime, parseTimespan, TICKS_PER_DAY } from '../values/datetime.js';
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
      // time(1.02:03:04) / timespan(2): the binder's boxed value is 0 for these forms, so parse the text.
      const text = cx.textOf(node).trim();
      const open = text.indexOf('(');
      if (open > 0 && text.endsWith(')')) {
        const inner = text.slice(open + 1, -1).trim();
        const ticks = /^\d+(\.\d+)?$/.test(inner) ? Math.round(Number(inner) * TICKS_PER_DAY) : parseTimespan(inner);
        if (!Number.isNaN(ticks)) return ticks;
      }
      const ticks = unbox((raw as { ticks?: unknown }).ticks);
      return typeof ticks === 'number' ? ticks : null;
    }
    case 'DynamicExpression': {
      const v = unbox(raw);
      if (typeof v !== 'string') return v ?? null;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        throw cx.unsupported(node, 'this dynamic literal');
      }
    }
    case 'DecimalLiteralExpression':
      // A Bridge System.Decimal: the engine holds decimals as doubles (see values/convert.ts).
      return raw === null || raw === undefined ? null : Number(String(raw));
    case 'GuidLiteralExpression':
      return raw === null || raw === undefined ? null : String(unbox(raw));
    default:
      return unbox(raw);
  }
}
