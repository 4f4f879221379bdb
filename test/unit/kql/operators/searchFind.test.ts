import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KqlError, UNSUPPORTED } from '../../../../src/kql/index.js';
import { run, table } from '../fixtures.js';

const T = table('T', 'a:string, b:long', [{ a: 'x', b: 1 }]);
const U = table('U', 'a:string, c:long', [{ a: 'y', c: 1 }]);

// search and find span tables and columns (a union with $table / source_ and pack_ columns): the
// local engine refuses them by name and position rather than guess.
describe('search and find are refused by name', () => {
  for (const [query, name, column] of [
    ['find in (T, U) where a == "x"', 'find', 1],
    ['search "x"', 'search', 1],
    ['search in (T) a:"x"', 'search', 1],
    ['T | search "x"', 'search', 5],
  ] as const) {
    it(query, () => {
      assert.throws(() => run(query, T, U), (e: unknown) => {
        assert.ok(e instanceof KqlError);
        assert.equal(e.code, UNSUPPORTED);
        assert.match(e.message, new RegExp(`'${name}' is not supported by the local engine`));
        assert.equal(e.diagnostics[0].line, 1);
        assert.equal(e.diagnostics[0].column, column);
        return true;
      });
    });
  }
});
