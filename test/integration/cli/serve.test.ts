/**
 * `hunts serve` as a person runs it: a child process on a fresh local state, which runs the hunts on the
 * samples, serves the API on 127.0.0.1 with /.auth/me signing them in, and stops on Ctrl+C. A false
 * positive marked there is then excluded by triage in `hunts run` over the same state.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CLI, cliEnv, hunts } from '../../support/cli.js';
import { ROOT } from '../../support/seeds.js';

interface Serving {
  child: ChildProcess;
  origin: string;
  stderr: () => string;
  stop(): Promise<number | null>;
}

async function serve(local: string): Promise<Serving> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'serve', '--port', '0'], { cwd: ROOT, env: cliEnv({ HUNTS_LOCAL_DIR: local }), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const origin = await new Promise<string>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
      const match = /findings tab {2}(http:\/\/127\.0\.0\.1:\d+)\/api\/tab\//.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`hunts serve exited (${code}) before it printed its URL\n${stderr}`)));
  });
  return {
    child,
    origin,
    stderr: () => stderr,
    stop: () => {
      child.kill('SIGINT');
      return exited;
    },
  };
}

describe('hunts serve', () => {
  it('serves the sample findings to the local analyst, whose false positive the next run excludes by triage', async () => {
    const local = mkdtempSync(join(tmpdir(), 'cli-serve-'));
    let serving: Serving | undefined;
    try {
      serving = await serve(local);
      assert.match(serving.stderr(), /ran Pivot from detections to related downloads on samples: succeeded, 2 finding\(s\)/);
      const me = (await (await fetch(`${serving.origin}/.auth/me`)).json()) as { access_token: string; user_id: string }[];
      assert.equal(me[0]!.user_id, 'analyst@localhost');
      const auth = { Authorization: `Bearer ${me[0]!.access_token}` };

      const listed = (await (await fetch(`${serving.origin}/api/findings?limit=200`, { headers: auth })).json()) as { findings: any[] };
      assert.equal(listed.findings.length, 8);
      const badfiles = listed.findings.find((f) => f.key.Host === 'cdn.badfiles.test');
      assert.ok(badfiles, JSON.stringify(listed.findings.map((f) => f.key)));
      assert.equal((await fetch(`${serving.origin}/api/findings`)).status, 401);

      const marked = await fetch(`${serving.origin}/api/findings/${badfiles.huntId}/${badfiles.id}/triage`, {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({ action: 'false-positive', reason: 'our own CDN' }),
      });
      assert.equal(marked.status, 200);
      assert.equal(((await marked.json()) as any).finding.triage.by, 'analyst@localhost');

      const signIn = await fetch(`${serving.origin}/.auth/login/aad?post_login_redirect_uri=//evil.test/`, { redirect: 'manual' });
      assert.equal(signIn.headers.get('location'), '/api/tab/');
      assert.equal(await serving.stop(), 0);
      serving = undefined;

      const run = await hunts(['run', '--hunt', 'pivot-detections-to-downloads'], { HUNTS_LOCAL_DIR: local });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /triage {3}1 finding\(s\) excluded by triage/);
      assert.match(run.stdout, /findings 1: 0 new, 1 already known/);

      // The state has findings now: a second serve does not run the hunts again.
      serving = await serve(local);
      assert.doesNotMatch(serving.stderr(), /ran Pivot/);
    } finally {
      await serving?.stop();
      rmSync(local, { recursive: true, force: true });
    }
  });

  it('refuses a port that is not one, in one line', async () => {
    const ran = await hunts(['serve', '--port', 'http']);
    assert.equal(ran.code, 1);
    assert.equal(ran.stderr, `error: option '--port <port>' argument 'http' is invalid. "http" is not a port; give a number from 0 (any free one) to 65535 (see hunts serve --help)\n`);
  });
});
