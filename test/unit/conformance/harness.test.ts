import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadCaseFiles, runCase, setPending, type ConformanceCase } from '../../conformance/harness.js';

function aCase(over: Partial<ConformanceCase>): ConformanceCase {
  return {
    area: 'unit', file: 'unit.yaml', index: 0, name: 'case', source: 'x.md',
    query: 'datatable(a:long, b:string)[2, "x", 1, "y"]', columns: ['a:long', 'b:string'],
    rows: [[2, 'x'], [1, 'y']], ordered: true, unorderedArrays: [], ignoreColumns: [], ...over,
  };
}

describe('conformance harness: comparing a run with the doc', () => {
  it('passes when columns and rows match', () => {
    assert.deepEqual(runCase(aCase({})), { status: 'pass' });
  });

  it('checks row order only when the case is ordered', () => {
    const swapped = { rows: [[1, 'y'], [2, 'x']] };
    assert.equal(runCase(aCase(swapped)).status, 'wrong');
    assert.equal(runCase(aCase({ ...swapped, ordered: false })).status, 'pass');
  });

  it('reports a wrong value, a wrong column type and a missing row', () => {
    const value = runCase(aCase({ rows: [[2, 'x'], [1, 'z']] }));
    assert.equal(value.status, 'wrong');
    assert.match(value.status === 'wrong' ? value.detail : '', /row 2: got \[1,"y"\], expected \[1,"z"\]/);
    assert.equal(runCase(aCase({ columns: ['a:int', 'b:string'] })).status, 'wrong');
    assert.equal(runCase(aCase({ rows: [[2, 'x']] })).status, 'wrong');
  });

  it('compares reals to the digits the docs print, integers exactly', () => {
    const real = { query: 'print r = 1.0 / 3', columns: ['r:real'] };
    assert.equal(runCase(aCase({ ...real, rows: [[0.333333333333333]] })).status, 'pass');
    assert.equal(runCase(aCase({ ...real, rows: [[0.3334]] })).status, 'wrong');
    // 1e12 + 1 is within 1e-12 of 1e12 relatively: integers must not get that slack
    assert.equal(runCase(aCase({ query: 'print r = 1000000000001', columns: ['r:long'], rows: [[1000000000000]] })).status, 'wrong');
  });

  it('sorts arrays of unordered_arrays columns, skips ignore_columns, accepts a bare column name', () => {
    const q = { query: 'print s = dynamic([3, 1, 2]), t = "any"', columns: ['s:dynamic', 't:string'] };
    assert.equal(runCase(aCase({ ...q, rows: [[[1, 2, 3], 'any']] })).status, 'wrong');
    assert.equal(runCase(aCase({ ...q, rows: [[[1, 2, 3], 'any']], unorderedArrays: ['s'] })).status, 'pass');
    assert.equal(runCase(aCase({ ...q, rows: [[[3, 1, 2], 'other']], ignoreColumns: ['t'] })).status, 'pass');
    assert.equal(runCase(aCase({ ...q, columns: ['s', 't:string'], rows: [[[3, 1, 2], 'any']] })).status, 'pass');
  });

  it('tells what the engine does not support from other failures', () => {
    const unsupported = runCase(aCase({ query: 'print c = geo_point_to_s2cell(-122.3, 47.6)', columns: ['c:string'], rows: [['x']] }));
    assert.equal(unsupported.status, 'unsupported');
    assert.match(unsupported.status === 'unsupported' ? unsupported.what : '', /geo_point_to_s2cell/);
    assert.equal(runCase(aCase({ query: 'print x = no_such_function(1)', columns: ['x:long'], rows: [[1]] })).status, 'error');
  });
});

describe('conformance harness: case files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'conformance-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  /** Writes one case file into a directory of its own; returns the file's path. */
  const write = (text: string): string => {
    const file = join(mkdtempSync(join(dir, 'cases-')), 'area.yaml');
    writeFileSync(file, text);
    return file;
  };
  const good = '- name: one\n  source: a.md\n  query: print x = 1\n  columns: [x:long]\n  rows:\n    - [1]\n  ordered: true\n';

  it('names the file, the case and the key of a malformed case', () => {
    const file = write(good.replace('ordered: true', 'orderd: true'));
    assert.throws(() => loadCaseFiles(join(file, '..')), /area\.yaml: case #1: 'orderd' is not a case key/);
    const wide = write(good.replace('- [1]', '- [1, 2]'));
    assert.throws(() => loadCaseFiles(join(wide, '..')), /case #1: 'rows' must be a list of rows, each a list of 1 values/);
    const twice = write(good + good);
    assert.throws(() => loadCaseFiles(join(twice, '..')), /case #2: 'name' "one" is used twice/);
  });

  it('sets and removes a pending marker, keeping the rest of the file', () => {
    const file = write(`# a comment\n${good}`);
    const [loaded] = loadCaseFiles(join(file, '..'));
    setPending(loaded, 0, 'unsupported: x');
    writeFileSync(file, loaded.document.toString());
    const [marked] = loadCaseFiles(join(file, '..'));
    assert.equal(marked.cases[0].pending, 'unsupported: x');
    assert.match(marked.document.toString(), /^# a comment/);
    setPending(marked, 0, undefined);
    assert.equal(marked.document.toString().includes('pending'), false);
  });
});
