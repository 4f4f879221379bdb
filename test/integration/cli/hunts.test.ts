/** `hunts run` as a user runs it: a child process, its output and exit code. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { copyOfHunts, hunts as cli, jsonLines as lines } from '../../support/cli.js';

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

  it('prints the summary, every new finding, and what it would post, escaped', async () => {
    const ran = await hunts(['run', '--hunt', 'pivot-detections-to-downloads'], { TABLES_PREFIX: uniqueTablePrefix() });
    assert.equal(ran.code, 0, ran.stderr);
    const out = ran.stdout;
    assert.match(out, /▶ Pivot from detections to related downloads/);
    assert.match(out, /rows +9, excluded 7: microsoft-update-hosts 1/);
    assert.match(out, /findings 2: 2 new, 0 already known/);
    assert.match(out, /NEW +\[High\] Undetected downloads from cdn\.badfiles\.test/);
    assert.match(out, /teams +not configured \(set TEAMS_WEBHOOK_URL to post\); would post this card/);
    assert.match(out, /webhook +not configured \(set WEBHOOK_URL to post\); would post 2 events/);
    assert.match(out, /"version": "1\.5"/);
    assert.match(out, /hxxps:\/\/dl\\*\[\.\\*\]payload-drop/);
  });

  it('--no-exclusions shows what the exclusions hide', async () => {
    const ran = await hunts(['run', '--hunt', 'pivot-detections-to-downloads', '--no-exclusions', '--json'], { TABLES_PREFIX: uniqueTablePrefix() });
    const [run] = lines(ran.stdout);
    assert.equal(run.exclusionsApplied, false);
    assert.equal(run.findings.length, 9);
  });

  it('runs the good hunts when one file is bad, names the file and key, and exits 1', async () => {
    const dir = copyOfHunts();
    writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nname: Broken\nquery: T\nlookback: 1d\n');
    const ran = await hunts(['--hunts', dir, 'run', '--json'], { TABLES_PREFIX: uniqueTablePrefix() });
    assert.equal(ran.code, 1);
    assert.match(ran.stderr, /broken\.yaml: key 'lookback': "1d" is not an ISO 8601 duration/);
    assert.deepEqual(lines(ran.stdout).map((r) => r.status), ['succeeded', 'succeeded']);
  });

  it('rejects a bad --now in one line with the fix, and a misspelt --hunt with the nearest id, not the whole list', async () => {
    const badNow = await hunts(['run', '--now', 'yesterday']);
    assert.equal(badNow.code, 1);
    assert.equal(
      badNow.stderr,
      `error: option '--now <iso>' argument 'yesterday' is invalid. "yesterday" is not an ISO 8601 time; write e.g. 2026-11-20T12:00:00Z (see hunts run --help)\n`,
    );
    const badHunt = await hunts(['run', '--hunt', 'pivot-detection-to-download']);
    assert.equal(badHunt.code, 1);
    assert.match(badHunt.stderr, /^error: --hunt pivot-detection-to-download: no such hunt; did you mean pivot-detections-to-downloads\? `hunts list` shows the ids and file names\n$/);
    const farOff = await hunts(['run', '--hunt', 'nope']);
    assert.match(farOff.stderr, /--hunt nope: no such hunt; `hunts list` shows/);
    assert.doesNotMatch(farOff.stderr, /av-detections-with-source/);
  });

  it("prints a failed hunt's error once, in its report", async () => {
    const dir = copyOfHunts();
    writeFileSync(
      join(dir, 'av-detections-with-source.yaml'),
      readFileSync(join(dir, 'av-detections-with-source.yaml'), 'utf8').replace('key: [DeviceName, MD5, FileOriginUrl]', 'key: [DeviceName, MD6]'),
    );
    const ran = await hunts(['--hunts', dir, 'run', '--hunt', 'av-detections-with-source'], { TABLES_PREFIX: uniqueTablePrefix() });
    assert.equal(ran.code, 1);
    const said = /column\(s\) MD6 are not in the query's result/g;
    assert.equal((ran.stdout + ran.stderr).match(said)?.length, 1, ran.stdout + ran.stderr);
    assert.match(ran.stdout, /FAILED: .*av-detections-with-source\.yaml: key 'finding\.key': column\(s\) MD6/);
    assert.match(ran.stderr, /1 hunt\(s\) run, 1 failed/);
  });
});

describe('the quick start', () => {
  it('starts its own Azurite when no store is configured, and the second run finds everything known', async () => {
    const local = mkdtempSync(join(tmpdir(), 'cli-local-'));
    try {
      const env = { TABLES_CONNECTION_STRING: '', HUNTS_LOCAL_DIR: local };
      const first = await hunts(['run'], env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /starting Azurite \(Table Storage emulator\) on 127\.0\.0\.1/);
      assert.match(first.stderr, /2 hunt\(s\) run, 0 failed; 8 new finding\(s\), 0 already known/);
      const second = await hunts(['run'], env);
      assert.match(second.stderr, /2 hunt\(s\) run, 0 failed; 0 new finding\(s\), 8 already known/);
      assert.match(second.stdout, /findings 2: 0 new, 2 already known/);
    } finally {
      rmSync(local, { recursive: true, force: true });
    }
  });
});

