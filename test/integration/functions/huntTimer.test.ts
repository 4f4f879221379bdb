/**
 * The Functions handlers, invoked as the host would (a Timer and an InvocationContext), with the
 * runtime built from app settings: no Functions host needed.
 */
import assert from 'node:assert/strict';
import functions, { type Timer } from '@azure/functions';
import { after, before, describe, it } from 'node:test';
import { huntTimers } from '../../../functions/huntTimers.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { azureRuntime } from '../../../src/run/azureRuntime.js';
import { makeHunt } from '../../support/hunt.js';
import { withAzurite, uniqueTablePrefix, type TestAzurite } from '../../support/azurite.js';
import { FAKE_WORKSPACE_ID, staticTokenCredential, startFakeLogAnalytics, successReply, trustOnly, type FakeLogAnalytics, type FakeReply } from '../../support/fakeLogAnalytics.js';
import { reply, startReceiver, type TestReceiver } from '../../support/notify/server.js';

// A CommonJS package whose InvocationContext ESM cannot see as a named export.
const { InvocationContext } = functions;

let azurite: TestAzurite;
let la: FakeLogAnalytics;
let teams: TestReceiver;
let laReply: () => FakeReply;

before(async () => {
  azurite = await withAzurite();
  la = await startFakeLogAnalytics(() => laReply());
  teams = await startReceiver((_r, _i, res) => reply(res, 202));
});
after(async () => {
  await Promise.all([azurite.stop(), la.stop(), teams.close()]);
});

function hunt(slug: string, enabled = true): Hunt {
  return makeHunt({ id: `fn-${slug}`, name: `Hunt ${slug}`, schedule: '0 7 * * * *', enabled, slug, file: `hunts/${slug}.yaml`, finding: { title: 'Host {Host}', severity: 'Low' } });
}

function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    TABLES_CONNECTION_STRING: azurite.connectionString,
    TABLES_PREFIX: uniqueTablePrefix(),
    LOG_ANALYTICS_WORKSPACE_ID: FAKE_WORKSPACE_ID,
    LOG_ANALYTICS_ENDPOINT: la.endpoint,
    TEAMS_WEBHOOK_URL: teams.url,
    ...extra,
  };
}

const timer: Timer = { isPastDue: false, schedule: { adjustForDST: false }, scheduleStatus: { last: '', next: '', lastUpdated: '' } };

function context(name: string): { ctx: InstanceType<typeof InvocationContext>; lines: string[] } {
  const lines: string[] = [];
  const ctx = new InvocationContext({ functionName: name, invocationId: 'test', logHandler: (level, ...args) => lines.push(`${level}: ${args.join(' ')}`) });
  return { ctx, lines };
}

describe('hunt timers', () => {
  it('registers one timer per enabled hunt, never on startup, with schedule overrides from app settings', () => {
    const e = env({ HUNT_SCHEDULE_SECOND_HUNT: '0 */5 * * * *', HUNT_SCHEDULE_THIRD: '*/5 * * * *' });
    const { timers, errors } = huntTimers([hunt('first'), hunt('second-hunt'), hunt('third'), hunt('off', false)], e, azureRuntime(e));
    assert.deepEqual(timers.map((t) => [t.name, t.options.schedule, t.options.runOnStartup]), [
      ['hunt-first', '0 7 * * * *', false],
      ['hunt-second-hunt', '0 */5 * * * *', false],
    ]);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /^HUNT_SCHEDULE_THIRD: "\*\/5 \* \* \* \*" has 5 fields.*hunt third is not scheduled/);
  });

  it('names a schedule override that matches no hunt instead of ignoring it', () => {
    const e = env({ HUNT_SCHEDULE_SECOND_HUNTS: '0 */5 * * * *', HUNT_SCHEDULE_OFF: '0 0 * * * *' });
    const { timers, errors } = huntTimers([hunt('first'), hunt('second-hunt'), hunt('off', false)], e, azureRuntime(e));
    assert.equal(timers.length, 2);
    // An override for a disabled hunt is not a typo; one for a file that does not exist is.
    assert.deepEqual(errors, [
      'HUNT_SCHEDULE_SECOND_HUNTS names no hunt, so it changes nothing; settings for the loaded hunts are HUNT_SCHEDULE_FIRST, HUNT_SCHEDULE_OFF, HUNT_SCHEDULE_SECOND_HUNT',
    ]);
  });

  it('runs the hunt through Log Analytics, Table Storage and Teams, and logs a one-line summary', async () => {
    const e = env();
    const runtime = azureRuntime(e, { credential: staticTokenCredential(), logAnalyticsClientOptions: trustOnly(la.ca) });
    const { timers } = huntTimers([hunt('ok')], e, runtime);
    laReply = () => successReply({ columns: [{ name: 'Host', type: 'string' }], rows: [{ Host: 'evil\u001b[2J.example' }] });
    const { ctx, lines } = context('hunt-ok');
    await timers[0].options.handler(timer, ctx);
    assert.equal(teams.requests.length, 1);
    const summary = lines.find((l) => l.includes('"event":"hunt-run"'))!;
    assert.ok(summary, lines.join('\n'));
    assert.match(summary, /"status":"succeeded"/);
    assert.match(summary, /"new":1/);
    // Telemetry in the log line is JSON-escaped: the terminal-clearing escape cannot act.
    assert.ok(!summary.includes('\u001b'));
  });

  it('throws when the run fails, so the invocation shows as failed', async () => {
    const e = env();
    const runtime = azureRuntime(e, { credential: staticTokenCredential(), logAnalyticsClientOptions: trustOnly(la.ca) });
    const { timers } = huntTimers([hunt('broken')], e, runtime);
    laReply = () => ({ status: 400, body: { error: { code: 'BadArgumentError', message: 'Query could not be parsed at line 1' } } });
    const { ctx } = context('hunt-broken');
    await assert.rejects(async () => timers[0].options.handler(timer, ctx), /hunt broken failed: .*(BadArgument|parsed)/);
  });

  it('names the setting when app settings are missing, and retries the build on the next run', async () => {
    const e = env({ LOG_ANALYTICS_WORKSPACE_ID: '' });
    const runtime = azureRuntime(e, { credential: staticTokenCredential() });
    await assert.rejects(runtime(), /LOG_ANALYTICS_WORKSPACE_ID: is not set/);
    e.LOG_ANALYTICS_WORKSPACE_ID = FAKE_WORKSPACE_ID;
    assert.ok(await runtime());
  });
});
