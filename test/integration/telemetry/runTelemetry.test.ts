/**
 * A real run's report as telemetry: the pivot hunt on samples/ through the embedded engine, a real
 * Azurite, Teams on a loopback receiver and a webhook that refuses every event; then the spans and the
 * watchdog's view of the same store.
 */
import assert from 'node:assert/strict';
import { SpanStatusCode } from '@opentelemetry/api';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadHunts } from '../../../src/hunts/load.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import { TeamsNotifier } from '../../../src/notify/teamsNotifier.js';
import { WebhookNotifier } from '../../../src/notify/webhookNotifier.js';
import { runHunt } from '../../../src/run/runHunt.js';
import { LocalSource } from '../../../src/sources/local.js';
import { ATTR, recordHuntRun, SPAN } from '../../../src/telemetry/huntRunTelemetry.js';
import { recordWatch, WATCH_ATTR, WATCH_SPAN, watchHunts } from '../../../src/telemetry/watchdog.js';
import { createTestStore, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { makeHunt } from '../../support/hunt.js';
import { FAST_RETRY, reply, startReceiver, type TestReceiver } from '../../support/notify/server.js';
import { ROOT } from '../../support/seeds.js';
import { testTelemetry } from '../../support/telemetry.js';

const T0 = new Date('2026-11-20T11:45:00Z');
const SECRET = `whsec_${Buffer.from('telemetry-test-signing-secret-32').toString('base64')}`;
const pivot = loadHunts(join(ROOT, 'hunts')).hunts.find((h) => h.slug === 'pivot-detections-to-downloads') as Hunt;

let azurite: TestAzurite;
let teams: TestReceiver;
let webhook: TestReceiver;

before(async () => {
  azurite = await withAzurite();
  teams = await startReceiver((_r, _i, res) => reply(res, 202), '/workflows');
  webhook = await startReceiver((_r, _i, res) => reply(res, 500), '/tickets');
});
after(async () => {
  await Promise.all([azurite.stop(), teams.close(), webhook.close()]);
});

describe('telemetry of a real run', () => {
  it('has a span per step the run took, with the counts of its report, and a failing channel in ERROR', async () => {
    const store = await createTestStore(azurite);
    const report = await runHunt(pivot, {
      source: new LocalSource(join(ROOT, 'samples')),
      store,
      notifiers: [
        new TeamsNotifier({ url: teams.url, minIntervalMs: 0, retryPolicy: { ...FAST_RETRY, retries: 1 } }),
        new WebhookNotifier({ url: webhook.url, secret: SECRET, retryPolicy: { ...FAST_RETRY, retries: 1 } }),
      ],
      now: () => T0,
    });
    assert.equal(report.status, 'succeeded', report.reason);
    assert.deepEqual(report.phases.map((p) => p.name), ['query', 'reconcile', 'deliver:teams', 'deliver:webhook']);
    for (const [i, p] of report.phases.entries()) {
      assert.ok(p.durationMs >= 0 && p.start >= report.measuredFrom, `${p.name} starts within the run`);
      // The channels deliver side by side: each comes after reconcile, not after the other channel.
      const before = report.phases[Math.min(i, 2) - 1];
      if (i > 0) assert.ok(p.start.getTime() >= before.start.getTime() + before.durationMs - 1, `${p.name} after ${before.name}`);
    }

    const t = testTelemetry();
    try {
      recordHuntRun(report, pivot, { tracer: t.tracer, meter: t.meter, env: {} });
      const spans = t.spans();
      const run = spans.find((s) => s.name === SPAN.run)!;
      assert.deepEqual(spans.filter((s) => s !== run).map((s) => s.name), [SPAN.query, SPAN.reconcile, SPAN.deliver('teams'), SPAN.deliver('webhook')]);
      for (const s of spans.filter((x) => x !== run)) assert.equal(s.parentSpanContext?.spanId, run.spanContext().spanId);
      assert.equal(run.attributes[ATTR.huntId], pivot.id);
      assert.equal(run.attributes[ATTR.source], 'local');
      assert.equal(run.attributes[ATTR.schedulePeriod], 3600, 'the pivot hunt runs hourly');
      // samples/: 9 rows, 7 excluded, two new findings (see test/integration/e2e/sampleHunts.test.ts).
      assert.equal(run.attributes[ATTR.rows], 9);
      assert.equal(run.attributes[ATTR.excluded], 7);
      assert.equal(run.attributes[ATTR.findingsNew], 2);
      assert.equal(run.attributes[ATTR.noticesSent], 2, 'one Teams card per finding counted as sent, the webhook none');
      assert.equal(run.attributes[ATTR.noticesFailed], 2);
      assert.equal(run.status.code, SpanStatusCode.OK);
      const hook = spans.find((s) => s.name === SPAN.deliver('webhook'))!;
      assert.equal(hook.status.code, SpanStatusCode.ERROR);
      assert.equal(hook.attributes[ATTR.noticesFailed], 2);
      assert.equal(teams.requests.length, 1);
      assert.ok(webhook.requests.length >= 2);
      const text = JSON.stringify(spans.map((s) => [s.attributes, s.status]));
      assert.ok(!text.includes('badfiles') && !text.includes('payload-drop'), 'no finding value in telemetry');
    } finally {
      await t.shutdown();
    }

    // The watchdog reads the same store: the pivot hunt succeeded at T0; a hunt that never ran is not overdue.
    const never = makeHunt({ slug: 'never', schedule: '0 0 * * * *' });
    const watchAt = async (now: Date) => Object.fromEntries((await watchHunts([pivot, never], store, now, {})).map((w) => [w.slug, w]));
    const soon = await watchAt(new Date(T0.getTime() + 30 * 60_000));
    assert.equal(soon[pivot.slug].status, 'ok');
    assert.deepEqual(soon[pivot.slug].lastSuccess, T0);
    assert.equal(soon.never.status, 'never-ran');
    assert.equal(soon.never.overdue, false);
    // Two hourly ticks (12:07, 13:07) and the grace later, the pivot hunt is overdue.
    const late = await watchAt(new Date('2026-11-20T13:22:00Z'));
    assert.equal(late[pivot.slug].status, 'overdue');

    const t2 = testTelemetry();
    try {
      recordWatch(Object.values(late), new Date('2026-11-20T13:22:00Z'), { tracer: t2.tracer, meter: t2.meter });
      const watched = t2.spans().filter((s) => s.name === WATCH_SPAN);
      const mine = watched.find((s) => s.attributes[ATTR.huntId] === pivot.id)!;
      assert.equal(mine.attributes[WATCH_ATTR.overdue], true);
      assert.equal(mine.attributes[WATCH_ATTR.lastSuccess], T0.toISOString());
      assert.equal(mine.attributes[WATCH_ATTR.sinceSuccess], 5820);
      assert.equal(mine.status.code, SpanStatusCode.ERROR);
      const other = watched.find((s) => s.attributes[ATTR.huntId] === never.id)!;
      assert.equal(other.attributes[WATCH_ATTR.status], 'never-ran');
      assert.equal(other.attributes[WATCH_ATTR.lastSuccess], undefined);
      const gauge = (await t2.metrics()).get('hunts.since_success');
      assert.deepEqual(gauge?.dataPoints.map((p) => [p.attributes[ATTR.huntId], p.value]), [[pivot.id, 5820]]);
    } finally {
      await t2.shutdown();
    }
  });

  it('a hunt whose runs all failed is overdue (never succeeded)', async () => {
    const store = await createTestStore(azurite);
    const broken = makeHunt({ slug: 'broken', query: 'NoSuchTable | take 1' });
    const report = await runHunt(broken, { source: new LocalSource(join(ROOT, 'samples')), store, notifiers: [], now: () => T0 });
    assert.equal(report.status, 'failed');
    assert.deepEqual(report.phases.map((p) => [p.name, p.failed]), [['query', true]]);
    const [w] = await watchHunts([broken], store, T0, {});
    assert.equal(w.status, 'never-succeeded');
    assert.equal(w.overdue, true);
  });
});
