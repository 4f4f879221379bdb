import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KqlError } from '../../../src/kql/index.js';
import { run, table } from './fixtures.js';

const T = table('T', 'a:string, d:dynamic', [{ a: 'x', d: [1, 2] }]);

function fails(kql: string): KqlError {
  try {
    run(kql, T);
  } catch (error) {
    assert.ok(error instanceof KqlError, `expected KqlError, got ${String(error)}`);
    return error;
  }
  assert.fail(`expected ${kql} to fail`);
}

describe('errors', () => {
  it('names an unsupported operator with its line and column', () => {
    const e = fails('T\n| where a == "x"\n| mv-expand d');
    assert.equal(e.message, "KQL: operator 'mv-expand' is not supported by the local engine yet (line 3, col 3)");
    assert.deepEqual(e.diagnostics, [
      { code: 'LOCAL001', message: "operator 'mv-expand' is not supported by the local engine yet", line: 3, column: 3 },
    ]);
  });

  it('names an unsupported function', () => {
    const e = fails('T | extend b = geo_geohash_to_central_point(a)');
    assert.match(e.message, /^KQL: function 'geo_geohash_to_central_point' is not supported by the local engine yet \(line 1, col 16\)$/);
  });

  it('names an unsupported aggregate', () => {
    const e = fails('T | summarize percentile(strlen(a), 50)');
    assert.match(e.message, /aggregate function 'percentile' is not supported/);
  });

  it('reports syntax errors from the parser with a position', () => {
    const e = fails('T | where a ==');
    assert.ok(e.diagnostics.length >= 1);
    assert.match(e.message, /^KQL: KS\d+ .+ \(line 1, col \d+\)/);
  });

  it('reports binding errors (unknown column) with the binder code', () => {
    const e = fails('T\n| where nope == 1');
    assert.equal(e.diagnostics[0].code, 'KS142');
    assert.equal(e.diagnostics[0].line, 2);
    assert.equal(e.diagnostics[0].column, 9);
  });
});
