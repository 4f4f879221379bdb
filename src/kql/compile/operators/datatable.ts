import type { KNode } from '../../kusto.js';
import { Table } from '../../table.js';
import { fromInput, toOutput } from '../../values/convert.js';
import type { Compiler } from '../compiler.js';
import { compileScalar } from '../scalar.js';
import { Scope, type CompiledTabular, type Frame } from '../types.js';

/** datatable (a: type, ...) [v1, v2, ...]: values row by row, each held as its column's type. */
export function datatable(cx: Compiler, node: KNode): CompiledTabular {
  const columns = cx.schema(node);
  const values = cx.elements((node as { Values?: KNode | null }).Values).map((v) => compileScalar(cx, v, new Scope([])));
  const width = columns.length;
  if (width === 0 || values.length % width !== 0) {
    throw cx.unsupported(node, `a datatable with ${values.length} values for ${width} columns`);
  }
  const length = values.length / width;
  return {
    columns,
    node,
    run: (env) => {
      const frame: Frame = { length: 1, env, column: () => [] };
      const cells = values.map((v) => (v.constant ? v.constant.value : v.bind(frame)(0)));
      return new Table(columns, length, (c) => {
        const { type } = columns[c];
        const out = new Array<unknown>(length);
        for (let r = 0; r < length; r++) {
          const value = cells[r * width + c];
          const valueType = values[r * width + c].type;
          // A literal of another type (a long in a real column, a string in a dynamic one) is converted.
          out[r] = valueType === type ? value : fromInput(toOutput(value, valueType), type);
        }
        return out;
      });
    },
  };
}
