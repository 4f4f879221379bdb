import type { KNode } from '../../kusto.js';
import { Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { Scope, type CompiledTabular, type Frame } from '../types.js';

/** Beyond this a local range is surely a mistake (Kusto itself caps results far below it). */
const MAX_ROWS = 100_000_000;

/** range x from a to b step s: a, a+s, ... while not past b (longs, reals, datetimes, timespans). */
export function range(cx: Compiler, node: KNode): CompiledTabular {
  const columns = cx.schema(node);
  const n = node as { From?: KNode | null; To?: KNode | null; Step?: KNode | null };
  const [from, to, step] = [n.From, n.To, n.Step].map((e) => compileScalar(cx, cx.required(e, node, 'range bound'), new Scope([])));
  return {
    columns,
    node,
    run: (env) => {
      const frame: Frame = { length: 1, env, column: () => [] };
      const [a, b, s] = [from, to, step].map((e) => e.bind(frame)(0));
      if (typeof a !== 'number' || typeof b !== 'number' || typeof s !== 'number') return new Table(columns, 0, () => []);
      if (s === 0) throw cx.internal(node, 'range step is zero');
      const count = Math.floor((b - a) / s) + 1;
      if (count > MAX_ROWS) throw cx.unsupported(node, `a range of ${count} rows`);
      const values = new Array<unknown>(Math.max(count, 0));
      for (let k = 0; k < values.length; k++) values[k] = a + k * s;
      return new Table(columns, values.length, () => values);
    },
  };
}
