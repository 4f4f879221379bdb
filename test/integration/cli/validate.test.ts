/** `hunts list` and `hunts validate` as a user runs them. */
import assert from 'node:assert/strict';
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { copyOfHunts, hunts, jsonLines } from '../../support/cli.js';
import { tempDir } from '../../support/tempDir.js';

describe('hunts list', () => {
  it('prints a header and the hunt id first; --json one object per hunt', async () => {
    const ran = await hunts(['list']);
    assert.equal(ran.code, 0, ran.stderr);
    const [header, ...rows] = ran.stdout.trimEnd().split('\n');
    assert.match(header, /^ID +FILE +SCHEDULE \(UTC\) +LOOKBACK +SEVERITY +NAME$/);
    assert.deepEqual(
      rows.map((r) => r.split(/ {2,}/)),
      [
        ['52c9e90b-84f4-4e2d-ae3d-eef85e8aa069', 'av-detections-with-source', '0 */30 * * * *', 'PT6H', 'Medium', 'AV Detections with Source'],
        ['351f7035-836c-4f4b-80bb-188220ba9215', 'pivot-detections-to-downloads', '0 7 * * * *', 'P1D', 'High', 'Pivot from detections to related downloads'],
      ],
    );
    const json = jsonLines((await hunts(['list', '--json'])).stdout);
    assert.deepEqual(json.map((h) => [h.id, h.slug, h.schedule, h.keySource]), [
      ['52c9e90b-84f4-4e2d-ae3d-eef85e8aa069', 'av-detections-with-source', '0 */30 * * * *', 'finding.key'],
      ['351f7035-836c-4f4b-80bb-188220ba9215', 'pivot-detections-to-downloads', '0 7 * * * *', 'finding.key'],
    ]);
  });
});

const HUNTS: Record<string, string> = {
  // Line 7, column 11 of the file is the misspelt column (query line 2, column 9).
  'typo.yaml': 'id: typo\nname: Typo\nrequiredDataConnectors:\n  - connectorId: MicrosoftThreatProtection\n    dataTypes: [DeviceEvents]\nquery: |\n  DeviceEvents\n  | where ActionTyp == "AntivirusDetection"\n',
  'unknown-table.yaml': 'id: unknown-table\nname: Unknown table\nquery: |\n  MyApp_CL\n  | where FileName =~ "x"\n',
  'derived.yaml': 'id: derived\nname: Derived\nquery: |\n  DeviceEvents\n  | project Timestamp, DeviceName, SHA1, ActionType, ReportId\n',
  // externaldata is out of the local engine's scope on purpose: it reads from the internet.
  'not-local.yaml':
    'id: not-local\nname: Not local\nquery: >\n  DeviceFileEvents\n  | join kind=inner (externaldata (SHA256: string) [@"https://example.test/bad.csv"] with (format="csv")) on SHA256\nfinding:\n  key: [DeviceName, SHA256]\n',
  'bad-key.yaml': [
    'id: bad-key',
    'name: Bad key',
    'query: |',
    '  DeviceEvents | summarize n = count() by DeviceName',
    'finding:',
    '  title: "{DeviceNam} had {n}"',
    '  show: [DeviceName, Nope]',
    'entityMappings:',
    '  - entityType: Host',
    '    fieldMappings:',
    '      - identifier: HostName',
    '        columnName: Computer',
    '',
  ].join('\n'),
  'notes.yaml': 'owner: soc-team\n',
  'derived.test.yaml': 'cases: []\n',
};

describe('hunts validate', () => {
  it('points every problem at file:line:col in the YAML, counts unchecked hunts as warnings, and exits 1 on errors', async () => {
    const dir = copyOfHunts();
    for (const [name, text] of Object.entries(HUNTS)) writeFileSync(join(dir, name), text);
    const human = await hunts(['--hunts', dir, 'validate']);
    assert.equal(human.code, 1);
    const out = human.stdout.replaceAll(dir, 'H');
    // The shipped hunts: ok, with their key and where it came from.
    assert.match(out, /^✓ pivot-detections-to-downloads: binds; the local engine runs it; key Host \(finding\.key\)$/m);
    assert.match(out, /^✓ av-detections-with-source: binds; the local engine runs it; key DeviceName, MD5, FileOriginUrl \(finding\.key\)$/m);
    assert.match(out, /^✗ typo: errors/m);
    assert.match(out, /^ {2}H\/typo\.yaml:8:11: error KS142: The name 'ActionTyp' does not refer to any known column/m);
    assert.match(out, /^! unknown-table: not checked; key derived from the result's columns when it runs$/m);
    assert.match(out, /^ {2}H\/unknown-table\.yaml:4:3: warning no-schema: no schema for table 'MyApp_CL': the query was not checked and cannot run locally/m);
    assert.match(out, /^! derived: binds; the local engine runs it; key DeviceName, SHA1 \(derived from columns\)$/m);
    assert.match(out, /^ {2}H\/derived\.yaml:3:8: warning derived-key: no finding\.key or entityMappings: findings are keyed on DeviceName, SHA1/m);
    assert.match(out, /^! not-local: binds; the local engine cannot run it; key DeviceName, SHA256 \(finding\.key\)$/m);
    assert.match(out, /^ {2}H\/not-local\.yaml:5:22: warning LOCAL001: the local engine cannot run this query: externaldata reads data from outside the workspace: cannot run locally/m);
    assert.match(out, /^ {2}H\/bad-key\.yaml:12:21: error key-column: entityMappings names column 'Computer', which is not in the result .*the query returns DeviceName, n/m);
    assert.match(out, /^ {2}H\/bad-key\.yaml:6:10: error title-column: finding\.title refers to \{DeviceNam\}/m);
    assert.match(out, /^ {2}H\/bad-key\.yaml:7:22: error show-column: finding\.show lists 'Nope', which is not a column of the result; the query returns DeviceName, n$/m);
    assert.match(out, /^ {2}H\/notes\.yaml:1:1: error hunt-file: not a hunt: it has no id, name or query/m);
    assert.doesNotMatch(out, /H\/[\w-]+\.test\.yaml/, "a test file is not a hunt");
    assert.match(out, /^8 hunt file\(s\): 2 ok, 3 with warnings \(1 not checked, 1 not runnable locally\), 3 with errors$/m);
    assert.doesNotMatch(out, /\bvalid\b/);

    const json = jsonLines((await hunts(['--hunts', dir, 'validate', '--json'])).stdout);
    const byId = Object.fromEntries(json.map((h) => [h.id ?? h.file.replace(dir, 'H'), h]));
    assert.deepEqual(Object.keys(byId).sort(), ['351f7035-836c-4f4b-80bb-188220ba9215', '52c9e90b-84f4-4e2d-ae3d-eef85e8aa069', 'H/notes.yaml', 'bad-key', 'derived', 'not-local', 'typo', 'unknown-table']);
    assert.deepEqual(
      [byId.derived.status, byId.derived.runsLocally, byId.derived.key, byId.derived.keySource],
      ['warning', true, ['DeviceName', 'SHA1'], 'derived from columns'],
    );
    assert.deepEqual([byId['unknown-table'].status, byId['unknown-table'].runsLocally, byId['unknown-table'].key], ['warning', false, null]);
    assert.deepEqual([byId['not-local'].status, byId['not-local'].runsLocally], ['warning', false]);
    assert.deepEqual(byId.typo.diagnostics, [
      { severity: 'error', code: 'KS142', message: "The name 'ActionTyp' does not refer to any known column, table, variable or function.", line: 8, column: 11 },
    ]);
    assert.equal(byId.typo.file, join(dir, 'typo.yaml'));
    assert.deepEqual([byId['bad-key'].status, byId['bad-key'].keySource, byId['bad-key'].key], ['error', 'entityMappings', ['Computer']]);
    assert.deepEqual([byId['H/notes.yaml'].status, byId['H/notes.yaml'].runsLocally, byId['H/notes.yaml'].diagnostics[0].code], ['error', false, 'hunt-file']);
    const pivot = byId['351f7035-836c-4f4b-80bb-188220ba9215'];
    assert.deepEqual([pivot.status, pivot.runsLocally, pivot.key, pivot.keySource, pivot.diagnostics], ['ok', true, ['Host'], 'finding.key', []]);
  });

  it('exits 0 when there are only warnings; exclusions.yml is an error, never the exclusions file', async () => {
    const dir = tempDir('cli-validate-');
    writeFileSync(join(dir, 'sentinel.yaml'), HUNTS['derived.yaml']);
    writeFileSync(join(dir, 'exclusions.yaml'), 'rules:\n  - name: x\n    kind: domains\n    values: [a.example]\n');
    const ran = await hunts(['--hunts', dir, 'validate']);
    assert.equal(ran.code, 0, ran.stdout);
    assert.match(ran.stdout, /^1 hunt file\(s\): 0 ok, 1 with warnings, 0 with errors$/m);

    renameSync(join(dir, 'exclusions.yaml'), join(dir, 'exclusions.yml'));
    const misnamed = await hunts(['--hunts', dir, 'validate']);
    assert.equal(misnamed.code, 1, misnamed.stdout);
    assert.match(misnamed.stdout, /exclusions\.yml:1:1: error hunt-file: not loaded: the global exclusions file must be named exclusions\.yaml exactly; rename it to exclusions\.yaml/);
  });
});
