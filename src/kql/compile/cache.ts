import type { Table } from '../table.js';
import type { Compiler } from './compiler.js';
import type { CompiledTabular, Env, Tabular } from './types.js';

/**
 * A tabular result computed at most once per execution (a `let`, `as`, `materialize()`, the
 * subquery of `toscalar()` or `in (...)`). The cache key is the compiled object itself, never the
 * binder's symbol: a function body compiled for two call sites declares the same symbols twice.
 *
 * One compiled inside a subquery that runs once per input row or partition (mv-apply, partition)
 * may read that run's rows (`as P | ... toscalar(P | ...)`): it is kept for that run only
 * (Env.scope, perRun.ts), or the next row would get the first row's table.
 */
export function runOnce(cx: Compiler, compiled: CompiledTabular): Tabular {
  const key = compiled;
  const perRun = cx.perRunDepth > 0;
  return (env: Env): Table => {
    const cache = perRun ? env.scope : env.lets;
    if (!cache) throw cx.internal(compiled.node, 'a per-row subquery ran without its own scope');
    let table = cache.get(key);
    if (!table) {
      table = compiled.run(env);
      cache.set(key, table);
    }
    return table;
  };
}
