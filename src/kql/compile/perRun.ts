import type { KNode } from '../kusto.js';
import type { ColumnInfo, Table } from '../table.js';
import type { Compiler } from './compiler.js';
import type { CompiledTabular, Env } from './types.js';

/** Compiles an operator's subquery over the given input (tabular.ts's compileSubquery). */
export type SubqueryCompiler = (node: KNode, input: CompiledTabular) => CompiledTabular;

/**
 * A subquery run once per input row (mv-apply) or partition: compiled once, over an input that
 * is the rows of the run under way. What it caches (`as`, toscalar(), materialize()) is kept for
 * that run only (runOnce in cache.ts), or the next run would get the first run's table.
 */
export class PerRunSubquery {
  private current: Table | undefined;
  readonly subquery: CompiledTabular;

  constructor(
    cx: Compiler,
    node: KNode,
    columns: readonly ColumnInfo[],
    compile: (input: CompiledTabular) => CompiledTabular,
  ) {
    const input: CompiledTabular = {
      columns: [...columns],
      node,
      run: () => {
        if (!this.current) throw cx.internal(node, 'a subquery ran outside its row or partition');
        return this.current;
      },
    };
    cx.perRunDepth++;
    try {
      this.subquery = compile(input);
    } finally {
      cx.perRunDepth--;
    }
  }

  /** The subquery's result over `rows`, with a cache of its own for this run. */
  run(rows: Table, env: Env): Table {
    this.current = rows;
    try {
      return this.subquery.run({ ...env, scope: new Map() });
    } finally {
      this.current = undefined;
    }
  }
}
