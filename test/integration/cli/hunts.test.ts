/** The `hunts` command as a user runs it: a child process, its output and exit code. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { ROOT } from '../../support/seeds.js';

const exec = promisify(execFile);
let azurite: TestAzurite;

before(async () => {
  azurite = await withAzurite();
});
after(() => azurite.stop());

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function hunts(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEAMS_|WEBHOOK_|TABLES_|LOG_ANALYTICS_|HUNT)/.test(k)));
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: { ...clean, TABLES_CONNECTION_STRING: azurite.connectionString, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lines = (text: string) => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);

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
    const dir = mkdtempSync(join(tmpdir(), 'cli-hunts-'));
    for (const f of readdirSync(join(ROOT, 'hunts'))) copyFileSync(join(ROOT, 'hunts', f), join(dir, f));
    writeFileSync(join(dir, 'broken.yaml'), 'id: broken\nname: Broken\nquery: T\nlookback: 1d\n');
    const ran = await hunts(['--hunts', dir, 'run', '--json'], { TABLES_PREFIX: uniqueTablePrefix() });
    assert.equal(ran.code, 1);
    assert.match(ran.stderr, /broken\.yaml: key 'lookback': "1d" is not an ISO 8601 duration/);
    assert.deepEqual(lines(ran.stdout).map((r) => r.status), ['succeeded', 'succeeded']);
  });

  it('rejects a bad --now and an unknown --hunt with the fix', async () => {
    const badNow = await hunts(['run', '--now', 'yesterday']);
    assert.notEqual(badNow.code, 0);
    assert.match(badNow.stderr, /"yesterday" is not an ISO 8601 time; write e\.g\. 2026-11-20T12:00:00Z/);
    const badHunt = await hunts(['run', '--hunt', 'nope']);
    assert.notEqual(badHunt.code, 0);
    assert.match(badHunt.stderr, /--hunt nope: no such hunt.*av-detections-with-source/);
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

describe('hunts list and validate', () => {
  it('list the shipped hunts', async () => {
    const ran = await hunts(['list', '--json']);
    assert.deepEqual(lines(ran.stdout).map((h) => [h.slug, h.schedule]), [
      ['av-detections-with-source', '0 */30 * * * *'],
      ['pivot-detections-to-downloads', '0 7 * * * *'],
    ]);
    const validate = await hunts(['validate']);
    assert.equal(validate.code, 0);
    assert.match(validate.stdout, /✓ pivot-detections-to-downloads: KQL binds against DeviceEvents, DeviceFileEvents; the local engine runs it/);
    assert.match(validate.stdout, /2 hunt\(s\) valid/);
  });

  it('validate binds each query against the known table schemas and names a misspelt column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-validate-'));
    const hunt = (id: string, table: string, where: string) =>
      `id: ${id}\nname: ${id}\nrequiredDataConnectors:\n  - connectorId: MicrosoftThreatProtection\n    dataTypes: [${table}]\nquery: |\n  ${table}\n  | where ${where}\n`;
    writeFileSync(join(dir, 'typo.yaml'), hunt('typo', 'DeviceEvents', 'ActionTyp == "AntivirusDetection"'));
    writeFileSync(join(dir, 'unknown-table.yaml'), hunt('unknown-table', 'MyApp_CL', 'FileName =~ "x"'));
    writeFileSync(join(dir, 'fine.yaml'), hunt('fine', 'DeviceFileEvents', 'FileName has_all ("a", "b")'));
    const ran = await hunts(['--hunts', dir, 'validate']);
    assert.equal(ran.code, 1);
    assert.match(ran.stderr, /typo\.yaml: key 'query': KS142 The name 'ActionTyp' does not refer to any known column.*\(query line 2, col 9\)/);
    assert.match(ran.stdout, /- unknown-table: KQL not checked: no schema for MyApp_CL/);
    assert.match(ran.stdout, /~ fine: KQL binds against DeviceFileEvents; the local engine cannot run it yet/);
  });
});
