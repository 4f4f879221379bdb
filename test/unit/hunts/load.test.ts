import assert from 'node:assert/strict';
import { writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatLoadError, loadHunts } from '../../../src/hunts/load.js';
import { ROOT, seedQuery } from '../../support/seeds.js';
import { tempDir } from '../../support/tempDir.js';

const HUNTS = join(ROOT, 'hunts');

function folder(files: Record<string, string>, withShipped = false): string {
  const dir = tempDir('hunts-');
  if (withShipped) for (const f of readdirSync(HUNTS)) copyFileSync(join(HUNTS, f), join(dir, f));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('shipped hunts', () => {
  const { hunts, errors, globalRules } = loadHunts(HUNTS, 'hunts');

  it('load without errors', () => {
    assert.deepEqual(errors, []);
    assert.deepEqual(hunts.map((h) => h.id).sort(), ['351f7035-836c-4f4b-80bb-188220ba9215', '52c9e90b-84f4-4e2d-ae3d-eef85e8aa069']);
  });

  it('carry the seed KQL byte for byte', () => {
    const pivot = hunts.find((h) => h.slug === 'pivot-detections-to-downloads')!;
    const av = hunts.find((h) => h.slug === 'av-detections-with-source')!;
    assert.equal(pivot.query, `${seedQuery('pivot-detections-to-downloads')}\n`);
    assert.equal(av.query, `${seedQuery('av-detections-with-source')}\n`);
  });

  it('keep Sentinel keys and take our own', () => {
    const pivot = hunts.find((h) => h.slug === 'pivot-detections-to-downloads')!;
    assert.deepEqual((pivot.raw.requiredDataConnectors as { connectorId: string }[])[0].connectorId, 'MicrosoftThreatProtection');
    assert.equal(pivot.schedule, '0 7 * * * *');
    assert.equal(pivot.lookback.ms, 86_400_000);
    assert.deepEqual(pivot.finding.key, ['Host']);
    assert.equal(pivot.finding.keySource, 'finding.key');
    assert.equal(pivot.finding.renotifyAfter?.iso, 'P7D');
    // Global rules first, then the hunt's own.
    assert.deepEqual(
      pivot.exclusions.map((r) => r.name),
      [...globalRules.map((r) => r.name), 'update-file-names'],
    );
  });

  it('cover every false-positive scenario the seeds list', () => {
    const all = hunts.flatMap((h) => h.exclusions);
    const values = (kind: string) => all.filter((r) => r.kind === kind).flatMap((r) => r.values);
    for (const d of ['update.microsoft.com', 'download.microsoft.com', 'maltego.com', 'ossec.net', 'splunk.com', 'elasticsearch.example.com', 'artifactory.example.com', 'nexus.internal.example.com', 'registry.npmjs.org', 'pypi.org']) {
      assert.ok(values('domains').includes(d), d);
    }
    for (const c of ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']) assert.ok(values('cidrs').includes(c), c);
    assert.ok(values('domainSuffixes').includes('internal.corp'));
    for (const p of ['MsMpEng.exe', 'clamscan']) assert.ok(values('processNames').includes(p), p);
    assert.ok(values('fileNames').some((g) => g.startsWith('Windows10Update')));
    assert.ok(values('hashes').length > 0);
  });
});

describe('hunt files from the public Azure-Sentinel repository', () => {
  it('load with sensible defaults when none of our keys are present', () => {
    const dir = folder({
      'sentinel.yaml': `id: 0a1b2c3d-0000-4000-8000-000000000001
name: Rare process
description: |
  Finds rare processes.
requiredDataConnectors:
  - connectorId: MicrosoftThreatProtection
    dataTypes: [DeviceProcessEvents]
tactics: [Execution]
relevantTechniques: [T1059]
query: |
  DeviceProcessEvents | summarize count() by DeviceName, FileName
entityMappings:
  - entityType: Host
    fieldMappings:
      - identifier: HostName
        columnName: DeviceName
  - entityType: File
    fieldMappings:
      - identifier: Name
        columnName: FileName
metadata:
  source: { kind: Community }
  author: { name: Someone }
kind: Scheduled
`,
    });
    const { hunts, errors } = loadHunts(dir);
    assert.deepEqual(errors, []);
    const h = hunts[0];
    assert.equal(h.schedule, '0 0 6 * * *');
    assert.equal(h.lookback.iso, 'P1D');
    assert.deepEqual(h.finding.key, ['DeviceName', 'FileName']);
    assert.equal(h.finding.keySource, 'entityMappings');
    assert.equal(h.finding.severity, 'Medium');
    assert.equal(h.finding.renotifyAfter, null);
    assert.equal(h.enabled, true);
    assert.deepEqual(h.raw.metadata, { source: { kind: 'Community' }, author: { name: 'Someone' } });
  });

  it('accept the empty lists that repository writes (`tactics:` with no value, a `-` with nothing after it)', () => {
    const dir = folder({ 'a.yaml': 'id: x1\nname: A\ntactics:\nrelevantTechniques:\n  -\nquery: |\n  T | take 1\n' });
    const { hunts, errors } = loadHunts(dir);
    assert.deepEqual(errors, []);
    assert.deepEqual([hunts[0].tactics, hunts[0].relevantTechniques], [[], []]);
  });

  it('take the schedule and lookback from queryFrequency and queryPeriod', () => {
    const dir = folder({ 'a.yaml': 'id: x1\nname: A\nquery: T\nqueryFrequency: 1h\nqueryPeriod: 14d\n', 'b.yaml': 'id: x2\nname: B\nquery: T\nqueryFrequency: 15m\n' });
    const { hunts, errors } = loadHunts(dir);
    assert.deepEqual(errors, []);
    assert.equal(hunts[0].schedule, '0 0 */1 * * *');
    assert.equal(hunts[0].lookback.ms, 14 * 86_400_000);
    assert.deepEqual(hunts[0].finding.key, []);
    assert.equal(hunts[0].finding.keySource, 'derived from columns');
    assert.equal(hunts[1].schedule, '0 */15 * * * *');
  });
});

describe('bad hunt files', () => {
  it('name the file and key, and the other hunts still load', () => {
    const dir = folder({ 'bad.yaml': 'id: b\nname: Bad\nquery: T\nschedule: "*/5 * * * *"\nfinding:\n  severity: Critical\n' }, true);
    const { hunts, errors } = loadHunts(dir, 'hunts');
    assert.equal(hunts.length, 2);
    const messages = errors.map(formatLoadError);
    assert.equal(messages.length, 2, messages.join('\n'));
    assert.match(messages[0], /^hunts\/bad\.yaml:4:11: key 'schedule': "\*\/5 \* \* \* \*" has 5 fields; Azure Functions wants six/);
    assert.match(messages[1], /^hunts\/bad\.yaml:6:13: key 'finding\.severity': .*Informational.*High/);
  });

  it('report invalid YAML, missing keys, bad durations and bad exclusion values', () => {
    const dir = folder({
      'a.yaml': 'id: a\nname: [unclosed\n',
      'b.yaml': 'name: No id\nquery: T\n',
      'c.yaml': 'id: c\nname: C\nquery: T\nlookback: P1M\n',
      'd.yaml': 'id: d\nname: D\nquery: T\nexclusions:\n  rules:\n    - name: nets\n      kind: cidrs\n      values: [10.0.0.0/8, 300.1.1.1/8]\n',
      'e.yaml': 'id: e\nname: E\nquery: T\nexclusions:\n  skipGlobal: [nope]\n',
      'f.yaml': 'id: f\nname: F\nquery: T\nfinding:\n  keys: [Host]\n',
      'g.yaml': 'id: g\nname: G\nquery: T\nfinding:\n  show: [Host, SHA1, Host]\n',
      'i.yaml': 'id: i\nname: I\nquery: T\nfinding:\n  show: []\n',
    });
    const messages = loadHunts(dir, 'h').errors.map(formatLoadError);
    assert.match(messages.find((m) => m.startsWith('h/a.yaml'))!, /^h\/a\.yaml:\d+:\d+: not valid YAML/);
    assert.match(messages.find((m) => m.startsWith('h/b.yaml'))!, /key 'id'/);
    assert.match(messages.find((m) => m.startsWith('h/c.yaml'))!, /^h\/c\.yaml:4:11: key 'lookback': "P1M" uses months/);
    assert.match(messages.find((m) => m.startsWith('h/d.yaml'))!, /^h\/d\.yaml:8:28: key 'exclusions\.rules\[0\]\.values\[1\]': "300\.1\.1\.1\/8" is not a CIDR range/);
    assert.match(messages.find((m) => m.startsWith('h/e.yaml'))!, /key 'exclusions\.skipGlobal\[0\]': no global exclusion rule is named "nope"/);
    assert.match(messages.find((m) => m.startsWith('h/f.yaml'))!, /key 'finding'.*keys/);
    assert.match(messages.find((m) => m.startsWith('h/g.yaml'))!, /^h\/g\.yaml:5:22: key 'finding\.show\[2\]': column 'Host' is listed twice/);
    assert.match(messages.find((m) => m.startsWith('h/i.yaml'))!, /key 'finding\.show': list at least one column, or leave finding\.show out/);
  });

  it('refuse a second hunt with the same id', () => {
    const dir = folder({ 'a.yaml': 'id: same\nname: A\nquery: T\n', 'b.yaml': 'id: same\nname: B\nquery: T\n' });
    const { hunts, errors } = loadHunts(dir, 'h');
    assert.equal(hunts.length, 1);
    assert.match(formatLoadError(errors[0]), /^h\/b\.yaml: key 'id': id same is already used by h\/a\.yaml/);
  });

  it('refuse to run any hunt while exclusions.yaml is broken', () => {
    const dir = folder({ 'exclusions.yaml': 'rules:\n  - name: x\n    kind: domains\n    values: ["http://a.example/x"]\n', 'a.yaml': 'id: a\nname: A\nquery: T\n' });
    const { hunts, errors } = loadHunts(dir, 'h');
    assert.equal(hunts.length, 0);
    assert.match(formatLoadError(errors[0]), /^h\/exclusions\.yaml:4:14: key 'rules\[0\]\.values\[0\]': "http:\/\/a\.example\/x" is not a domain/);
  });

  it('never load the exclusions file or test cases as hunts, and call a stray file what it is', () => {
    const dir = folder({
      'exclusions.yaml': 'rules:\n  - name: x\n    kind: domains\n    values: [a.example]\n',
      'a.yaml': 'id: a\nname: A\nquery: T\n',
      'a.test.yaml': 'cases: []\n',
      'docker-compose.yml': 'services:\n  web: {}\n',
      'notes.md': '# not yaml\n',
    });
    const { hunts, errors, globalRules } = loadHunts(dir, 'h');
    assert.deepEqual(hunts.map((h) => h.id), ['a']);
    assert.deepEqual(globalRules.map((r) => r.name), ['x']);
    assert.deepEqual(errors.map(formatLoadError), [
      "h/docker-compose.yml:1:1: not a hunt: it has no id, name or query; the hunts folder holds hunt files (id, name, query), exclusions.yaml and <hunt file>.test.yaml test cases; move other files out of it",
    ]);
  });
});
