import type { Table } from '../table.js';
import type { CompiledTabular, Env, Tabular } from './types.js';

/**
 * A tabular result computed at most once per execution (a `let`, `as`, `materialize()`, the
 * subquery of `toscalar()` or `in (...)`). The cache key is the compiled object itself, never the
 * binder's symbol: a function body compiled for two call sites declares the same symbols twice.
 */
export function runOnce(compiled: CompiledTabular): Tabular {
  const key = compiled;
  return (env: Env): Table => {
    let table = env.lets.get(key);
    if (!table) {
      table = compiled.run(env);
      env.lets.set(key, table);
    }
    return table;
  };
}
