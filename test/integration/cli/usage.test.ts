/**
 * The `hunts` command's edges as a new user meets them: --version, usage errors, an Azure sign-in
 * failure, and progress on a terminal (a real pseudo-terminal from util-linux `script`).
 */
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { CLI, cliEnv, hunts } from '../../support/cli.js';
import { ROOT } from '../../support/seeds.js';
import { tempDir } from '../../support/tempDir.js';

const exec = promisify(execFile);

describe('usage', () => {
  it('--version prints the package version', async () => {
    const ran = await hunts(['--version']);
    assert.equal(ran.code, 0);
    assert.equal(ran.stdout, `${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
  });

  it('a usage error is one line naming the problem and the help to read, never the whole help', async () => {
    const cases: [string[], string][] = [
      [['lsit'], "error: unknown command 'lsit' (Did you mean list?) (see hunts --help)\n"],
      [['run', '--jsn'], "error: unknown option '--jsn' (Did you mean --json?) (see hunts run --help)\n"],
      [['query'], "error: missing required argument 'kql' (see hunts query --help)\n"],
      [['query', 'print 1', '--format', 'xml'], "error: option '--format <format>' argument 'xml' is invalid. Allowed choices are table, json, csv. (see hunts query --help)\n"],
    ];
    for (const [args, message] of cases) {
      const ran = await hunts(args);
      assert.equal(ran.code, 1, args.join(' '));
      assert.equal(ran.stderr, message);
      assert.equal(ran.stdout, '');
    }
  });
});

describe('signing in to Azure', () => {
  let azurite: TestAzurite;
  before(async () => {
    azurite = await withAzurite();
  });
  after(() => azurite.stop());

  /**
   * A machine with no way to sign in: only the developer credentials (no managed identity probe),
   * none of whose tools (az, azd, pwsh) is on the PATH. Nothing leaves the machine: the token fails
   * before any request, and the endpoint is loopback anyway.
   */
  function noSignIn(): Record<string, string> {
    return {
      TABLES_CONNECTION_STRING: azurite.connectionString,
      TABLES_PREFIX: uniqueTablePrefix(),
      LOG_ANALYTICS_WORKSPACE_ID: '00000000-0000-4000-8000-000000000001',
      LOG_ANALYTICS_ENDPOINT: 'https://127.0.0.1:9',
      AZURE_TOKEN_CREDENTIALS: 'dev',
      PATH: tempDir('cli-empty-path-'),
      HOME: tempDir('cli-home-'),
    };
  }
  const args = ['run', '--source', 'loganalytics', '--hunt', 'pivot-detections-to-downloads'];

  it("prints DefaultAzureCredential's failure once, one readable line per credential, with the fix; no progress when stderr is not a terminal", async () => {
    const ran = await hunts(args, noSignIn());
    assert.equal(ran.code, 1);
    const lines = ran.stdout.split('\n');
    const at = lines.findIndex((l) => l.includes('FAILED:'));
    assert.match(lines[at], /^ {2}FAILED: Log Analytics query on workspace 00000000-0000-4000-8000-000000000001 failed: could not sign in to Azure for a Microsoft Entra token \(AggregateAuthenticationError\); tried:$/);
    const causes = lines.slice(at + 1).filter((l) => l.startsWith('            - '));
    assert.ok(causes.length >= 3, lines.join('\n'));
    assert.ok(causes.some((l) => /Azure CLI could not be found/.test(l)));
    assert.ok(causes.every((l) => l.length < 270 && l === l.trimEnd()));
    assert.ok(lines.some((l) => /^ {10}Fix: run `az login`.*AZURE_CLIENT_ID/.test(l)));
    assert.doesNotMatch(ran.stdout + ran.stderr, /\\n/, 'no escaped line breaks');
    assert.equal((ran.stdout + ran.stderr).match(/could not sign in/g)?.length, 1);
    assert.doesNotMatch(ran.stderr, /\r|\u001b\[2K|running 1\/1/, 'no progress in a pipe');
  });

  it('shows progress on stderr when it is a terminal', async (t) => {
    let script: string;
    try {
      // Its full path: the child's PATH is emptied on purpose.
      script = execFileSync('sh', ['-c', 'command -v script'], { encoding: 'utf8' }).trim();
    } catch {
      t.skip('util-linux `script` (to give the CLI a terminal) is not installed');
      return;
    }
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const command = [process.execPath, '--import', 'tsx', CLI, ...args].map(quote).join(' ');
    const { stdout } = await exec(script, ['-q', '-e', '-c', command, '/dev/null'], {
      cwd: ROOT,
      env: cliEnv({ ...noSignIn(), SHELL: '/bin/sh', TERM: 'xterm' }),
    }).catch((e: { stdout: string }) => e);
    assert.match(stdout, /\r\u001b\[2Krunning 1\/1: Pivot from detections to related downloads…/);
    assert.match(stdout, /could not sign in to Azure/);
  });
});
