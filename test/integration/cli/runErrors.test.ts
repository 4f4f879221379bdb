/** `hunts run` when something is wrong: a bad file, a bad option, a failed hunt. */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
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

describe('hunts run, when something is wrong', () => {
  it('runs the good hunts when one file is bad, names the file and key, and exits 1', async () => {
    const dir = copyOfHunts();
    writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nname: Broken\nquery: T\nlookback: 1d\n');
    const ran = await hunts(['--hunts', dir, 'run', '--json'], { TABLES_PREFIX: uniqueTablePrefix() });
    assert.equal(ran.code, 1);
    assert.match(ran.stderr, /broken\.yaml:4:11: key 'lookback': "1d" is not an ISO 8601 duration/);
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

  it('places a query that fails in the hunt file, at the line and column hunts validate gives', async () => {
    const dir = copyOfHunts();
    const file = join(dir, 'av-detections-with-source.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('| sort by Timestamp desc', '| sort by Timestamp desc\n  | evaluate pivot(FileName)'));
    const line = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes('evaluate pivot')) + 1;
    const ran = await hunts(['--hunts', dir, 'run', '--hunt', 'av-detections-with-source'], { TABLES_PREFIX: uniqueTablePrefix() });
    assert.equal(ran.code, 1);
    const at = `av-detections-with-source\\.yaml:${line}:14: KQL: plugin 'pivot' is not supported by the local engine yet\n`;
    assert.match(ran.stdout, new RegExp(`FAILED: .*${at}`));
    const validated = await hunts(['--hunts', dir, 'validate']);
    assert.match(validated.stdout, new RegExp(`av-detections-with-source\\.yaml:${line}:14: warning LOCAL001`));
  });
});
