import type { ColumnInfo } from '../../table.js';
import { Table } from '../../table.js';
import type { CompiledTabular, Tabular } from '../types.js';

export function count(input: CompiledTabular, output: ColumnInfo[]): Tabular {
  return (env) => {
    const table = input.run(env);
    return Table.fromArrays(output, [[table.length]], 1);
  };
}
