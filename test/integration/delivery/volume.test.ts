/**
 * 10,000 new findings in one run, end to end: stored once, every notice delivered once on each channel
 * and marked. How long it takes is for `npm run bench -- --only delivery`, not for a test.
 */
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { runHunt } from '../../../src/run/runHunt.js';
import { withAzurite, type TestAzurite } from '../../support/azurite.js';
import { startFakeLogAnalytics, type FakeLogAnalytics } from '../../support/fakeLogAnalytics.js';
import { reply, startReceiver, startSignedWebhookReceiver, type TestReceiver } from '../../support/notify/server.js';
import { answer, countIds, deliveryHunt, freshStore, hostsResult, runDeps, SECRET, storedFindings, T0 } from './harness.js';

const N = 10_000;
let azurite: TestAzurite;
let la: FakeLogAnalytics;
let teams: TestReceiver;
let webhook: TestReceiver;

before(async () => {
  [azurite, la, teams, webhook] = await Promise.all([
    withAzurite({ memory: true }),
    startFakeLogAnalytics(() => ({ status: 500, body: {} })),
    startReceiver((_r, _i, res) => reply(res, 202)),
    startSignedWebhookReceiver(SECRET),
  ]);
});
after(async () => {
  await Promise.all([azurite.stop(), la.stop(), teams.close(), webhook.close()]);
});

it(`stores ${N.toLocaleString('en-US')} new findings once and delivers each on both channels once`, async () => {
  const { store, findings } = await freshStore(azurite);
  const hunt = deliveryHunt();
  answer(la, hostsResult(N));
  const report = await runHunt(hunt, runDeps({ azurite, la }, store, { teams: teams.url, webhook: webhook.url }, T0));
  assert.equal(report.status, 'succeeded', report.reason);
  assert.equal(report.newCount, N);
  assert.deepEqual(report.channels.map((c) => [c.channel, c.attempted, c.sent, c.failed]), [['teams', N, N, 0], ['webhook', N, N, 0]]);

  const ids = countIds(webhook.requests);
  assert.equal(ids.size, N);
  assert.equal(webhook.requests.length, N, 'no webhook id twice');
  // One card per 1,000 owed notices, each counting the rest of its page in "and N more".
  assert.equal(teams.requests.length, N / 1_000);

  const stored = await storedFindings(findings, hunt.id);
  assert.equal(stored.length, N);
  assert.ok(stored.every((e) => e.teamsState === 'sent' && e.webhookState === 'sent' && e.webhookAttempts === 1 && e.teamsAttempts === 1));
  assert.deepEqual(await store.owedNotices(hunt.id, 'webhook'), []);
});
