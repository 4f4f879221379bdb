import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { operatorName, PAGE, supportedKqlPage } from '../../../scripts/supported-kql.js';
import { SUPPORTED_TABULAR_KINDS } from '../../../src/kql/compile/tabular.js';
import { AGGREGATES, SCALARS } from '../../../src/kql/functions/registry.js';

describe('docs/supported-kql.md', () => {
  const generated = supportedKqlPage();

  it('is what `npm run docs:kql` generates from the engine today', () => {
    const committed = readFileSync(PAGE, 'utf8');
    // Not assert.equal: a page-long diff would bury the fix.
    if (committed !== generated) {
      const at = [...committed].findIndex((ch, i) => ch !== generated[i]);
      const line = committed.slice(0, at < 0 ? committed.length : at).split('\n').length;
      assert.fail(`docs/supported-kql.md is stale (first difference on line ${line}): run \`npm run docs:kql\` and commit the page`);
    }
  });

  it('names every operator, scalar function (with its aliases) and aggregate the engine implements', () => {
    for (const kind of SUPPORTED_TABULAR_KINDS) assert.ok(generated.includes(operatorName(kind)[0]), kind);
    for (const f of [...SCALARS, ...AGGREGATES]) for (const name of f.names) assert.ok(generated.includes(`\`${name}\``), name);
  });

  it('lists what the engine refuses, found by running it', () => {
    const gaps = generated.slice(generated.indexOf('## Not supported locally'));
    assert.match(gaps, /^- `externaldata`: it downloads from a URL/m);
    assert.match(gaps, /^- `search`$/m);
    assert.doesNotMatch(gaps, /`getschema`/);
    assert.match(generated, /- \*\*Other\*\*: `getschema`/);
  });

  it('names an operator kind it has no entry for from the kind itself', () => {
    assert.deepEqual(operatorName('FooBarOperator'), ['`foo-bar`', 'Other']);
    assert.deepEqual(operatorName('MvExpandOperator'), ['`mv-expand` (`mvexpand`)', 'Expand and parse rows']);
  });
});
