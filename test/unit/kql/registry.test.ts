import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadKusto } from '../../../src/kql/load.js';
import { AGGREGATES, FunctionRegistry, SCALARS } from '../../../src/kql/functions/registry.js';

describe('function registry', () => {
  const registry = new FunctionRegistry(loadKusto().K.GlobalState.Default);

  it('every catalog name is a function the binder knows', () => {
    assert.deepEqual(registry.unresolved, []);
  });

  it('no name is implemented twice', () => {
    for (const list of [SCALARS.flatMap((f) => f.names), AGGREGATES.flatMap((f) => f.names)]) {
      const seen = new Set<string>();
      const twice = list.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
      assert.deepEqual(twice, []);
    }
  });
});
