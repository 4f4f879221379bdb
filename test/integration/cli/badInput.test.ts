/**
 * Bad input through the `hunts` command as a user runs it: a malformed setting stops the run before
 * anything is loaded, a broken hunt file fails alone, and a folder without exclusions.yaml warns.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { copyOfHunts, hunts, jsonLines } from '../../support/cli.js';

const KEY = 'c2VjcmV0LWtleS10aGF0LW11c3QtbmV2ZXItYmUtcHJpbnRlZC0xMjM0NTY3OA==';

let azurite: TestAzurite;
before(async () => {
  azurite = await withAzurite();
});
after(() => azurite.stop());

const store = () => ({ TABLES_CONNECTION_STRING: azurite.connectionString, TABLES_PREFIX: uniqueTablePrefix() });

describe('hunts run and validate on bad input', () => {
  it('a malformed TABLES_CONNECTION_STRING: one error naming it and the fix, before telemetry loads, the key never shown', async () => {
    const ran = await hunts(['run'], { TABLES_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=huntsst1234;AccountKey=${KEY}` });
    assert.equal(ran.code, 1);
    assert.equal(ran.stdout, '');
    assert.match(ran.stderr, /^error: TABLES_CONNECTION_STRING: has neither TableEndpoint nor EndpointSuffix, so it says no table endpoint; .*UseDevelopmentStorage=true/m);
    assert.doesNotMatch(ran.stderr, /loading telemetry|starting Azurite|running \d hunt/);
    assert.ok(!ran.stderr.includes(KEY.slice(0, 12)));
  });

  it('an alias bomb in one hunt file: that file is named, the other hunts run', async () => {
    const dir = copyOfHunts();
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    writeFileSync(join(dir, 'bomb.yaml'), `id: bomb\nname: Bomb\nquery: T\n${levels.join('\n')}\n`);
    const ran = await hunts(['--hunts', dir, 'run', '--json'], store());
    assert.equal(ran.code, 1);
    assert.match(ran.stderr, /error: .*bomb\.yaml: its aliases \(\*name\) expand to too much data: a YAML alias bomb/);
    assert.deepEqual(jsonLines(ran.stdout).map((r) => r.status), ['succeeded', 'succeeded']);
  });

  it('no exclusions.yaml: the run warns at its start and again at its end, and validate warns', async () => {
    const dir = copyOfHunts();
    rmSync(join(dir, 'exclusions.yaml'));
    const ran = await hunts(['--hunts', dir, 'run', '--hunt', 'av-detections-with-source'], store());
    assert.equal(ran.code, 0, ran.stderr);
    const warnings = ran.stderr.split('\n').filter((l) => /^warning: .*exclusions\.yaml: not found, so every hunt runs without global exclusion rules/.test(l));
    assert.equal(warnings.length, 2, ran.stderr);
    assert.ok(ran.stderr.trimEnd().endsWith(warnings[1]), 'the last line');

    const validated = await hunts(['--hunts', dir, 'validate']);
    assert.equal(validated.code, 0, validated.stdout + validated.stderr);
    assert.match(validated.stdout, /^! \S*exclusions\.yaml: warning\n {2}\S*exclusions\.yaml:1:1: warning no-exclusions-file: not found, so every hunt runs without global exclusion rules.*empty exclusions\.yaml/m);
    assert.match(validated.stdout, /^3 hunt file\(s\): 2 ok, 1 with warnings, 0 with errors$/m);
  });

  it('exclusions.yml instead of exclusions.yaml: no hunt runs, and the error says to rename it', async () => {
    const dir = copyOfHunts();
    rmSync(join(dir, 'exclusions.yaml'));
    writeFileSync(join(dir, 'exclusions.yml'), 'rules: []\n');
    const ran = await hunts(['--hunts', dir, 'run'], store());
    assert.equal(ran.code, 1);
    assert.match(ran.stderr, /error: .*exclusions\.yml: not loaded: the global exclusions file must be named exclusions\.yaml exactly; rename it to exclusions\.yaml/);
    assert.equal(ran.stdout, '');
  });
});
