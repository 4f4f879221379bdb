import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { constructOf, formatReport, measureFolder, measureHunt, summarize } from '../../../scripts/hunt-coverage.js';
import { loadHuntFile } from '../../../src/hunts/load.js';
import { shippedSchemas } from '../../../src/sources/schemaCatalog.js';
import { ROOT } from '../../support/seeds.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'hunt-coverage');

describe('hunt coverage', () => {
  const results = measureFolder(FIXTURES);
  const byFile = Object.fromEntries(results.map((r) => [r.file, r]));

  it('says for each hunt whether it loads, binds and runs, and what stopped it', () => {
    assert.deepEqual(Object.keys(byFile), ['no-schema.yaml', 'runs.yaml', 'unsupported.yaml']);
    assert.deepEqual(byFile['runs.yaml'], {
      file: 'runs.yaml', id: '6d0c2a0e-0b7e-4c56-9a51-1f0e3d6a0001', loads: true, binds: true, runsLocally: true,
      status: 'runs', blocker: null, message: null, missingTables: [],
    });
    const unsupported = byFile['unsupported.yaml'];
    assert.equal(unsupported.status, 'unsupported');
    assert.equal(unsupported.binds, true);
    assert.equal(unsupported.blocker, 'geo_info_from_ip_address()');
    assert.match(unsupported.message ?? '', /query line 3, col 29/);
    const noSchema = byFile['no-schema.yaml'];
    assert.deepEqual([noSchema.status, noSchema.binds, noSchema.blocker], ['no-schema', false, 'no schema: MyApp_CL']);
    assert.deepEqual(noSchema.missingTables, ['MyApp_CL']);
    assert.match(noSchema.message ?? '', /schemas\/ folder beside the hunts, or pass --schemas DIR/);
  });

  it('counts totals, blocking constructs and tables without schema', () => {
    const s = summarize(results);
    assert.deepEqual([s.hunts, s.loads, s.binds, s.runsLocally], [3, 3, 2, 1]);
    assert.deepEqual(s.constructs, [['geo_info_from_ip_address()', 1]]);
    assert.deepEqual(s.missingTables, [['MyApp_CL', 1]]);
    const report = formatReport('fixtures', results);
    assert.match(report, /run locally {2,}1 {2,}33\.3 %/);
    assert.match(report, / 1 {2}geo_info_from_ip_address\(\)/);
  });

  it('counts an engine failure as an internal error of that hunt instead of stopping', () => {
    const loaded = loadHuntFile(join(FIXTURES, 'runs.yaml'), 'runs.yaml', []);
    assert.ok(loaded.ok);
    // No data given for the table the hunt reads: the engine throws while running it.
    const r = measureHunt(loaded.value, 'runs.yaml', shippedSchemas().schemas(), {});
    assert.equal(r.status, 'internal-error');
    assert.equal(r.binds, true);
    assert.match(r.message ?? '', /no data for table 'DeviceProcessEvents'/);
  });

  it('names constructs the way the engine reports them', () => {
    const msg = (what: string) => `${what} is not supported by the local engine yet`;
    assert.equal(constructOf(msg("function 'bin'")), 'bin()');
    assert.equal(constructOf(msg("operator 'mv-expand'")), 'mv-expand');
    assert.equal(constructOf(msg("expression 'FolderPath has_any (\"a\")' (HasAnyExpression)")), 'has_any');
    assert.equal(constructOf(msg("expression 'T !between (1 .. 2)' (NotBetweenExpression)")), '!between');
    assert.equal(constructOf(msg("'in' with a tabular operand")), 'in (subquery)');
    assert.equal(constructOf(msg('let with a function declaration')), 'let with a function declaration');
  });
});
