/** Users' own table schemas, as a user adds them: `<hunts>/schemas/` and `--schemas DIR`, through the CLI. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ROOT } from '../../support/seeds.js';

const exec = promisify(execFile);
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function hunts(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(TEAMS_|WEBHOOK_|TABLES_|LOG_ANALYTICS_|HUNT)/.test(k)));
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), ...args], { cwd: ROOT, env });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-schemas-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const hunt = (id: string, table: string, where: string) =>
  `id: ${id}\nname: ${id}\nrequiredDataConnectors:\n  - connectorId: CustomLogs\n    dataTypes: [${table}]\nquery: |\n  ${table}\n  | where ${where}\n  | project TimeGenerated, Host\n`;

// As Azure-Sentinel's CustomTables files write it: lower-case keys, .NET-style type names.
const MY_TABLE = JSON.stringify({
  Name: 'MyApp_CL',
  properties: [
    { name: 'TimeGenerated', type: 'DateTime' },
    { name: 'Host', type: 'String' },
    { name: 'FailedLogons', type: 'Int32' },
  ],
});

describe('hunts validate and run with users\' schemas', () => {
  // One CLI run for every case: each start loads the KQL parser, which is slow on a busy machine.
  it('binds hunts on custom tables from <hunts>/schemas/ and --schemas DIR (which wins), and names each problem', async () => {
    const dir = folder({
      'custom.yaml': hunt('custom', 'MyApp_CL', 'FailedLogons > 10'),
      'typo.yaml': hunt('typo', 'MyApp_CL', 'FailedLogon > 10'),
      'region.yaml': hunt('region', 'Other_CL', 'Region == "eu"'),
      'unknown.yaml': hunt('unknown', 'NoSchema_CL', 'Host == "x"'),
      'schemas/MyApp_CL.json': MY_TABLE,
      'schemas/Other_CL.json': JSON.stringify({ Name: 'Other_CL', Properties: [{ Name: 'TimeGenerated', Type: 'datetime' }, { Name: 'Host', Type: 'string' }] }),
      'schemas/Broken_CL.json': JSON.stringify({ Name: 'Broken_CL', Properties: [{ Name: 'Host', Type: 'Text' }] }),
    });
    const option = folder({
      'Other.json': JSON.stringify({ Name: 'Other_CL', Properties: [{ Name: 'TimeGenerated', Type: 'datetime' }, { Name: 'Host', Type: 'string' }, { Name: 'Region', Type: 'string' }] }),
    });
    const ran = await hunts(['--hunts', dir, '--schemas', option, 'validate']);
    assert.equal(ran.code, 1, 'the typo and the broken schema are errors');
    const out = ran.stdout.replaceAll(dir, 'H');
    // Neither hunt names a key, so validate warns that it is derived (Host): they bind and run locally.
    assert.match(out, /^! custom: binds; the local engine runs it; key Host \(derived from columns\)$/m);
    assert.match(out, /^! region: binds; the local engine runs it; key Host \(derived from columns\)$/m, 'Region comes from --schemas, which replaced the hunts folder\'s Other_CL');
    assert.match(out, /^ {2}H\/typo\.yaml:8:11: error KS142: The name 'FailedLogon' does not refer to any known column/m);
    assert.match(out, /^ {2}H\/schemas\/Broken_CL\.json:1:1: error schema-file: key 'Properties\[0\]\.Type': unknown type "Text"; use one of string, int, long/m);
    assert.match(out, /^! unknown: not checked/m);
    assert.match(out, /^ {2}H\/unknown\.yaml:7:3: warning no-schema: no schema for table 'NoSchema_CL': .*add <Table>\.json to a schemas\/ folder beside the hunts, or pass --schemas DIR/m);
  });

  it('a run refuses to start on a bad schema file', async () => {
    const dir = folder({
      'custom.yaml': hunt('custom', 'MyApp_CL', 'FailedLogons > 10'),
      'schemas/MyApp_CL.json': JSON.stringify({ Name: 'MyApp_CL', Properties: [{ Name: 'Host', Type: 'Text' }] }),
    });
    const run = await hunts(['--hunts', dir, 'run', '--data', folder({})]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /MyApp_CL\.json: key 'Properties\[0\]\.Type': unknown type "Text"/);
    assert.match(run.stderr, /fix the schema files above, then run again/);
  });
});
