/** `hunts run` as a user runs it: a child process, its output and exit code. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { hunts as cli, jsonLines as lines } from '../../support/cli.js';

let azurite: TestAzurite;

before(async () => {
  azurite = await withAzurite();
});
after(() => azurite.stop());

const hunts = (args: string[], env: Record<string, string> = {}) => cli(args, { TABLES_CONNECTION_STRING: azurite.connectionString, ...env });

describe('hunts run', () => {
  it('--json prints one object per hunt run, then reports the same findings as known', async () => {
    const env = { TABLES_PREFIX: uniqueTablePrefix() };
    const first = await hunts(['run', '--json'], env);
    assert.equal(first.code, 0, first.stderr);
    const runs = lines(first.stdout);
    assert.deepEqual(runs.map((r) => [r.file, r.status, r.newCount, r.seenCount]), [
      ['hunts/av-detections-with-source.yaml', 'succeeded', 6, 0],
      ['hunts/pivot-detections-to-downloads.yaml', 'succeeded', 2, 0],
    ]);
    const pivot = runs[1];
    assert.equal(pivot.window.end, '2026-11-20T11:45:00.000Z', 'the clock defaults to the newest event in samples/');
    assert.deepEqual(pivot.findings.map((f: any) => f.key.Host), ['cdn.badfiles.test', 'dl.payload-drop.test']);
    assert.equal(pivot.findings[0].columns.MachineCount, 2);

    const second = lines((await hunts(['run', '--json'], env)).stdout);
    assert.deepEqual(second.map((r) => [r.newCount, r.seenCount]), [[0, 6], [0, 2]]);
  });

  it('prints the summary and every new finding, and writes what it would post to files, escaped', async (t) => {
    const local = mkdtempSync(join(tmpdir(), 'cli-local-'));
    t.after(() => rmSync(local, { recursive: true, force: true }));
    const ran = await hunts(['run', '--hunt', 'pivot-detections-to-downloads'], { TABLES_PREFIX: uniqueTablePrefix(), HUNTS_LOCAL_DIR: local });
    assert.equal(ran.code, 0, ran.stderr);
    const out = ran.stdout;
    assert.match(out, /▶ Pivot from detections to related downloads/);
    assert.match(out, /rows +9, excluded 7: microsoft-update-hosts 1/);
    assert.match(out, /findings 2: 2 new, 0 already known/);
    assert.match(out, /NEW +\[High\] Undetected downloads from cdn\.badfiles\.test/);
    const cardFile = join(local, 'would-post', 'pivot-detections-to-downloads.teams.json');
    assert.ok(out.includes(`teams    not configured (set TEAMS_WEBHOOK_URL to post); would post 1 card: ${cardFile}\n`), out);
    assert.ok(out.includes(`webhook  not configured (set WEBHOOK_URL to post); would post 2 events: ${join(local, 'would-post', 'pivot-detections-to-downloads.webhook.json')}\n`), out);
    assert.doesNotMatch(out, /"version"/, 'the payloads are in the files, not on the terminal');
    const card = readFileSync(cardFile, 'utf8');
    assert.match(card, /"version": "1\.5"/);
    assert.match(card, /hxxps:\/\/dl\\*\[\.\\*\]payload-drop/);
  });

  it('--no-exclusions shows what the exclusions hide', async () => {
    const ran = await hunts(['run', '--hunt', 'pivot-detections-to-downloads', '--no-exclusions', '--json'], { TABLES_PREFIX: uniqueTablePrefix() });
    const [run] = lines(ran.stdout);
    assert.equal(run.exclusionsApplied, false);
    assert.equal(run.findings.length, 9);
  });

});

