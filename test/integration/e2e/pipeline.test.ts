/**
 * The pipeline with every real client: Log Analytics (HTTPS fake on 127.0.0.1), Table Storage
 * (Azurite), Teams and the webhook (HTTP receivers on 127.0.0.1).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { TeamsNotifier } from '../../../src/notify/teamsNotifier.js';
import { WebhookNotifier } from '../../../src/notify/webhookNotifier.js';
import { runHunt } from '../../../src/run/runHunt.js';
import { LogAnalyticsSource } from '../../../src/sources/logAnalytics.js';
import type { QueryResult } from '../../../src/sources/querySource.js';
import type { TableFindingStore } from '../../../src/store/tableFindingStore.js';
import { createTestStore, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { FAKE_WORKSPACE_ID, staticTokenCredential, startFakeLogAnalytics, successReply, trustOnly, type FakeLogAnalytics, type FakeReply } from '../../support/fakeLogAnalytics.js';
import { duration, makeHunt, type HuntOverrides } from '../../support/hunt.js';
import { FAST_RETRY, reply, startReceiver, startSignedWebhookReceiver, type TestReceiver } from '../../support/notify/server.js';

const SECRET = `whsec_${Buffer.from('pipeline-test-signing-secret-32b').toString('base64')}`;
const H = 3_600_000;
const T = new Date('2026-11-20T12:00:00Z');
const later = (hours: number) => new Date(T.getTime() + hours * H);

let azurite: TestAzurite;
let la: FakeLogAnalytics;
let teams: TestReceiver;
let webhook: TestReceiver;
/** What the fake Log Analytics answers next; tests set it. */
let laReply: () => FakeReply | Promise<FakeReply>;
/** Teams answers with this status for each post, in order; 200 once it runs out. */
let teamsStatuses: number[] = [];

const result = (hosts: string[]): QueryResult => ({
  columns: [{ name: 'Host', type: 'string' }, { name: 'FileOriginUrl', type: 'string' }, { name: 'Timestamp', type: 'datetime' }],
  rows: hosts.map((h) => ({ Host: h, FileOriginUrl: `http://${h}/payload.exe`, Timestamp: new Date('2026-11-20T11:00:00Z') })),
});

before(async () => {
  azurite = await withAzurite();
  la = await startFakeLogAnalytics(() => laReply());
  teams = await startReceiver((_req, i, res) => reply(res, teamsStatuses[i] ?? 200, teamsStatuses[i] === 429 ? { 'retry-after': '0' } : {}), '/workflows');
  // The receiver checks the Standard Webhooks signature as a ticketing system would.
  webhook = await startSignedWebhookReceiver(SECRET);
});
after(async () => {
  await Promise.all([azurite.stop(), la.stop(), teams.close(), webhook.close()]);
});

function testHunt(finding: HuntOverrides['finding'] = {}): Hunt {
  return makeHunt({
    query: 'DeviceFileEvents | project Host, FileOriginUrl, Timestamp',
    lookback: duration('PT6H', 6 * H),
    ingestionDelay: duration('PT30M', 0.5 * H),
    finding: { severity: 'High', ...finding },
  });
}

function deps(store: TableFindingStore, now: Date) {
  return {
    source: new LogAnalyticsSource({ workspaceId: FAKE_WORKSPACE_ID, credential: staticTokenCredential(), endpoint: la.endpoint, clientOptions: trustOnly(la.ca) }),
    store,
    notifiers: [
      new TeamsNotifier({ url: teams.url, minIntervalMs: 0, retryPolicy: { ...FAST_RETRY, retries: 1 } }),
      new WebhookNotifier({ url: webhook.url, secret: SECRET, retryPolicy: { ...FAST_RETRY, retries: 1 } }),
    ],
    now: () => now,
  };
}

async function fresh(): Promise<TableFindingStore> {
  teams.requests.length = 0;
  webhook.requests.length = 0;
  la.requests.length = 0;
  teamsStatuses = [];
  return createTestStore(azurite);
}

describe('pipeline with real clients', () => {
  it('posts a new finding once to Teams and the webhook, then never again', async () => {
    const store = await fresh();
    const hunt = testHunt();
    laReply = () => successReply(result(['evil.example']));
    const first = await runHunt(hunt, deps(store, T));
    assert.equal(first.status, 'succeeded', first.reason);
    assert.equal(first.newCount, 1);
    assert.deepEqual(first.channels.map((c) => [c.channel, c.sent, c.failed]), [['teams', 1, 0], ['webhook', 1, 0]]);
    // The window went to Log Analytics as the query's timespan; the KQL went unchanged.
    assert.equal(la.requests[0].body.query, hunt.query);
    assert.equal(la.requests[0].body.timespan, '2026-11-20T06:00:00.000Z/2026-11-20T12:00:00.000Z');

    const card = JSON.parse(teams.requests[0].body);
    assert.equal(card.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    assert.doesNotMatch(teams.requests[0].body, /http:\/\/evil\.example/);
    // Defanged, and Markdown-escaped on top (so "[.]" arrives as "\\[.\\]" inside the JSON text).
    assert.match(teams.requests[0].body.replace(/\\\\/g, ''), /hxxp:\/\/evil\[\.\]example\/payload\.exe/);
    const event = JSON.parse(webhook.requests[0].body);
    assert.equal(event.specversion, '1.0');
    assert.equal(event.data.key.Host, 'evil.example');
    assert.equal(webhook.requests[0].headers['webhook-id'], event.id);

    const second = await runHunt(hunt, deps(store, later(1)));
    assert.deepEqual([second.newCount, second.seenCount], [0, 1]);
    assert.equal(teams.requests.length, 1);
    assert.equal(webhook.requests.length, 1);
    // Six hours back again: the watermark minus the ingestion delay is more recent than that.
    assert.equal(la.requests[1].body.timespan, '2026-11-20T07:00:00.000Z/2026-11-20T13:00:00.000Z');
  });

  it('keeps a finding owed when Teams fails, and sends it once on the next run', async () => {
    const store = await fresh();
    const hunt = testHunt();
    laReply = () => successReply(result(['owed.example']));
    teamsStatuses = [500, 500];
    const first = await runHunt(hunt, deps(store, T));
    assert.equal(first.status, 'succeeded');
    const teamsReport = first.channels.find((c) => c.channel === 'teams')!;
    assert.deepEqual([teamsReport.sent, teamsReport.failed], [0, 1]);
    assert.doesNotMatch(teamsReport.errors.join(' '), /127\.0\.0\.1/, 'the Workflows URL is a secret: never in errors');
    assert.equal(webhook.requests.length, 1);
    assert.equal((await store.owedNotices(hunt.id, 'teams')).length, 1);

    const second = await runHunt(hunt, deps(store, later(1)));
    assert.equal(second.newCount, 0);
    assert.deepEqual(second.channels.map((c) => [c.channel, c.attempted, c.sent]), [['teams', 1, 1], ['webhook', 0, 0]]);
    assert.equal(teams.requests.length, 3, 'two failed attempts, then one success');
    assert.equal(webhook.requests.length, 1, 'the webhook had it already');
    assert.equal((await store.owedNotices(hunt.id, 'teams')).length, 0);

    await runHunt(hunt, deps(store, later(2)));
    assert.equal(teams.requests.length, 3);
  });

  it('announces a finding again after renotifyAfter, with a new notice id', async () => {
    const store = await fresh();
    const hunt = testHunt({ renotifyAfter: { iso: 'PT2H', ms: 2 * H } });
    laReply = () => successReply(result(['again.example']));
    await runHunt(hunt, deps(store, T));
    const quiet = await runHunt(hunt, deps(store, later(1)));
    assert.deepEqual([quiet.seenCount, quiet.renotifyCount], [1, 0]);
    const again = await runHunt(hunt, deps(store, later(2.5)));
    assert.deepEqual([again.seenCount, again.renotifyCount], [0, 1]);
    assert.equal(teams.requests.length, 2);
    assert.equal(webhook.requests.length, 2);
    const ids = webhook.requests.map((r) => r.headers['webhook-id']);
    assert.notEqual(ids[0], ids[1]);
    assert.equal(JSON.parse(webhook.requests[1].body).type, 'com.scheduled-hunts.finding.renotify');
  });

  it('notifies once when runs of one hunt overlap', async () => {
    const store = await fresh();
    const hunt = testHunt();
    laReply = async () => {
      await new Promise((r) => setTimeout(r, 300));
      return successReply(result(['race.example']));
    };
    const reports = await Promise.all([0, 1, 2].map(() => runHunt(hunt, deps(store, T))));
    assert.deepEqual(reports.map((r) => r.status).sort(), ['skipped', 'skipped', 'succeeded']);
    assert.match(reports.find((r) => r.status === 'skipped')!.reason!, /another run of this hunt holds its lease/);
    assert.equal(la.requests.length, 1);
    assert.equal(teams.requests.length, 1);
    assert.equal(webhook.requests.length, 1);
  });

  it('fails the run on a partial result, sends nothing and leaves the watermark', async () => {
    const store = await fresh();
    const hunt = testHunt();
    laReply = () => successReply(result(['first.example']));
    await runHunt(hunt, deps(store, T));
    const watermark = await store.getWatermark(hunt.id);
    assert.deepEqual(watermark, T);

    laReply = () => ({
      status: 200,
      body: { ...(successReply(result(['partial.example'])).body as object), error: { code: 'PartialError', message: 'There were some errors when processing your query.', details: [{ code: 'EngineError', message: 'Query exceeded memory limits' }] } },
    });
    const failed = await runHunt(hunt, deps(store, later(1)));
    assert.equal(failed.status, 'failed');
    assert.match(failed.reason!, /partial/i);
    assert.equal(failed.findings.length, 0);
    assert.deepEqual(await store.getWatermark(hunt.id), T);
    assert.equal(teams.requests.length, 1);
    const runs = await store.listRuns(hunt.id, 5);
    assert.deepEqual(runs.map((r) => r.status), ['failed', 'succeeded']);
    // The lease was released: the next run goes ahead.
    laReply = () => successReply(result(['first.example']));
    assert.equal((await runHunt(hunt, deps(store, later(2)))).status, 'succeeded');
  });
});
