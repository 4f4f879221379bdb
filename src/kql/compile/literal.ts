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
    case 'DynamicExpression': {
      const v = unbox(raw);
      if (typeof v !== 'string') return v ?? null;
      try {
        return JSON.parse(v) as unknown;
      } catch {
        throw cx.unsupported(node, 'this dynamic literal');
      }
    }
    case 'GuidLiteralExpression':
      return raw === null || raw === undefined ? null : String(unbox(raw));
    default:
      return unbox(raw);
  }
}
