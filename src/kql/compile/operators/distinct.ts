import type { KNode } from '../../kusto.js';
import type { ColumnInfo } from '../../table.js';
import { gather, Table } from '../../table.js';
import type { Compiler } from '../compiler.js';
import { KeyMap } from '../keyMap.js';
import type { CompiledTabular, RowFn, Tabular } from '../types.js';

/** distinct A, B / distinct *: first row of each distinct combination, in input order. */
export function distinct(cx: Compiler, op: KNode, input: CompiledTabular, output: ColumnInfo[]): Tabular {
  const sources = output.map((c) => {
    const index = input.columns.findIndex((i) => i.name === c.name);
    if (index < 0) throw cx.unsupported(op, 'distinct over expressions');
    return index;
  });
  return (env) => {
    const table = input.run(env);
    const parts: RowFn[] = sources.map((s) => {
      const col = table.column(s);
      return (i) => col[i];
    });
    const keys = new KeyMap(parts);
    const keep: number[] = [];
    for (let i = 0; i < table.length; i++) {
      const before = keys.size;
      if (keys.add(i) === before) keep.push(i);
    }
    return new Table(output, keep.length, (c) => gather(table.column(sources[c]), keep, output[c].type));
  };
}
