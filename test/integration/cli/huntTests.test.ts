/** `hunts test` as a user runs it: the shipped test cases pass, and a broken expectation fails. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { copyOfHunts, hunts } from '../../support/cli.js';

describe('hunts test', () => {
  it("passes every case shipped beside the seed hunts, in a pass/fail table", async () => {
    const ran = await hunts(['test']);
    assert.equal(ran.code, 0, ran.stdout + ran.stderr);
    const [header, ...rows] = ran.stdout.trimEnd().split('\n');
    assert.match(header, /^HUNT +CASE +RESULT$/);
    const summary = rows.pop()!;
    assert.ok(rows.length >= 20, `${rows.length} cases`);
    assert.ok(rows.every((r) => r.endsWith('  pass')), rows.join('\n'));
    assert.equal(summary, `${rows.length} case(s): ${rows.length} passed, 0 failed`);
    // A case per exclusion rule, global and the hunts' own, across the two hunts.
    for (const rule of [
      'microsoft-update-hosts', 'package-registries', 'official-tool-sites', 'internal-networks', 'internal-domains', 'ci-cd-processes', 'known-good-hashes',
      'update-file-names', 'scheduled-scan-processes', 'security-and-log-tool-domains', 'internal-artifact-repositories',
    ]) {
      assert.ok(rows.some((r) => r.includes(` ${rule}: `)), rule);
    }
  });

  it('fails a broken expectation, names file:line, case and key, reports a test file with no hunt, and exits 1', async () => {
    const dir = copyOfHunts();
    const file = join(dir, 'pivot-detections-to-downloads.test.yaml');
    const text = readFileSync(file, 'utf8');
    // The positive case expects cdn.evil.test; the rule case for package-registries now also expects a finding it cannot make.
    const broken = text
      .replace('- key: { Host: cdn.evil.test }', '- key: { Host: cdn.evil.example }')
      .replace('excluded: { package-registries: 1 }', 'excluded: { package-registries: 2 }');
    assert.notEqual(broken, text);
    writeFileSync(file, broken);
    writeFileSync(join(dir, 'ghost.test.yaml'), 'cases: []\n');
    const ran = await hunts(['--hunts', dir, 'test', 'pivot-detections-to-downloads']);
    assert.equal(ran.code, 1);
    const out = ran.stdout.replaceAll(dir, 'H');
    assert.match(out, /^pivot-detections-to-downloads +a host that served a detected file, with undetected downloads on two other devices +FAIL$/m);
    assert.match(out, /^pivot-detections-to-downloads +potentially unwanted applications are not pivoted on +pass$/m);
    assert.match(out, /^H\/pivot-detections-to-downloads\.test\.yaml:7: case "a host that served a detected file, with undetected downloads on two other devices": key Host=cdn\.evil\.example: missing, the run did not find it$/m);
    assert.match(out, /^H\/pivot-detections-to-downloads\.test\.yaml:7: case "a host that served[^"]*": key Host=cdn\.evil\.test: unexpected finding "Undetected downloads from cdn\.evil\.test, a site that served detected files \(2 devices\)"$/m);
    assert.match(out, /: case "package-registries: a CI pipeline fetching from npm": excluded: rule package-registries dropped 1 row\(s\), expected 2$/m);
    assert.match(out, /^11 case\(s\): 9 passed, 2 failed$/m);
    assert.doesNotMatch(out, /av-detections-with-source/, 'only the hunt asked for');
    assert.match(ran.stderr.replaceAll(dir, 'H'), /^error: H\/ghost\.test\.yaml: no hunt ghost\.yaml loaded beside it; a test file is named after its hunt's file/m);
  });
});
