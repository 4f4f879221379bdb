import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { check, KqlError } from '../../../src/kql/index.js';
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
    const e = fails('T\n| where a == "x"\n| reduce by a');
    assert.equal(e.message, "KQL: operator 'reduce' is not supported by the local engine yet (line 3, col 3)");
    assert.deepEqual(e.diagnostics, [
      { code: 'LOCAL001', message: "operator 'reduce' is not supported by the local engine yet", line: 3, column: 3 },
    ]);
  });

  it('names an unsupported function', () => {
    const e = fails('T | extend b = geo_geohash_to_central_point(a)');
    assert.match(e.message, /^KQL: function 'geo_geohash_to_central_point' is not supported by the local engine yet \(line 1, col 16\)$/);
  });

  it('names an unsupported aggregate', () => {
    const e = fails('T | summarize binary_all_or(strlen(a))');
    assert.match(e.message, /aggregate function 'binary_all_or' is not supported/);
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

describe('errors, all at once', () => {
  it('lists every unsupported operator and function of a query, in text order', () => {
    // Things out of the engine's scope on purpose: geospatial and series functions, the pivot plugin.
    const e = fails('T\n| extend x = geo_point_to_geohash(1.0, 2.0), y = series_stats_dynamic(d)\n| evaluate pivot(a)\n| summarize binary_all_or(strlen(a))');
    assert.equal(e.code, 'LOCAL001');
    assert.match(e.message, /^KQL: function 'geo_point_to_geohash' is not supported by the local engine yet \(line 2, col 14\) \(\+3 more\)$/);
    assert.deepEqual(
      e.diagnostics.map((d) => [d.line, d.column, d.message.split(' is not')[0]]),
      [
        [2, 14, "function 'geo_point_to_geohash'"],
        [2, 50, "function 'series_stats_dynamic'"],
        [3, 12, "plugin 'pivot'"],
        [4, 13, "aggregate function 'binary_all_or'"],
      ],
    );
  });

  it('check() lists them too, and reports an engine fault against the query instead of throwing', () => {
    const schemas = { T: T.columns };
    const unsupported = check('T | extend x = geo_point_to_geohash(1.0, 2.0), y = series_stats_dynamic(d)', schemas);
    assert.deepEqual(unsupported.unsupported.map((d) => d.column), [16, 52]);
    assert.equal(unsupported.unsupportedLocally?.column, 16);
    assert.equal(unsupported.internalError, null);

    const fault = check('T | take -1', schemas);
    assert.equal(fault.internalError?.code, 'LOCAL003');
    assert.equal(fault.unsupportedLocally, fault.internalError);
    assert.deepEqual(fault.errors, []);
    assert.deepEqual(check('T | take 1', schemas), {
      errors: [],
      unsupportedLocally: null,
      unsupported: [],
      internalError: null,
      columns: T.columns,
    });
  });
});
