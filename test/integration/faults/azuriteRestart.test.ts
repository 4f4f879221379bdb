/**
 * Table Storage goes away in the middle of delivery: Azurite stopped from the webhook receiver's handler
 * after k posts, then started again on the same port and folder. The run fails or completes cleanly
 * (it never throws, loses nothing stored); the runs after the restart recover everything, with doubles
 * bounded by what was in flight.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_LEASE_TTL_MS, runHunt } from '../../../src/run/runHunt.js';
import { startAzurite, type RunningAzurite } from '../../../src/store/azurite.js';
import { startFakeLogAnalytics, type FakeLogAnalytics } from '../../support/fakeLogAnalytics.js';
import { answer, deliveryHunt, freshStore, hostsResult, runDeps, storedFindings, T0, type World } from '../delivery/harness.js';
import { assertRecovered, listingNotifiers, recorder, signedRecorder, WEBHOOK_CONCURRENCY, type Recorder } from './world.js';

const N = 30;
const K = 9;
const AFTER_LEASE = new Date(T0.getTime() + DEFAULT_LEASE_TTL_MS + 60_000);

let location: string;
let azurite: RunningAzurite;
let la: FakeLogAnalytics;

before(async () => {
  location = await mkdtemp(join(tmpdir(), 'hunts-azurite-restart-'));
  azurite = await startAzurite({ location });
  la = await startFakeLogAnalytics(() => ({ status: 500, body: {} }));
  answer(la, hostsResult(N));
});
after(async () => {
  await Promise.all([azurite.stop(), la.stop()]);
  await rm(location, { recursive: true, force: true });
});

/** Stops Azurite when the k-th webhook post arrives (answering it after), and restarts it `restart`. */
function stopAt(k: number, restart: 'in the handler' | 'after the run') {
  let stopped: Promise<void> | undefined;
  return {
    answer: async (_r: unknown, index: number) => {
      if (index + 1 === k) {
        stopped = azurite.stop();
        await stopped;
        if (restart === 'in the handler') azurite = await startAzurite({ location, port: azurite.port });
      }
      return { status: 204 };
    },
    wasStopped: () => stopped !== undefined,
  };
}

describe('Azurite stopped mid-delivery', () => {
  for (const restart of ['after the run', 'in the handler'] as const) {
    it(`and restarted ${restart}: the run ends cleanly, the next recovers everything`, async (t) => {
      const { store, findings } = await freshStore(azurite);
      const hunt = deliveryHunt();
      const stop = stopAt(K, restart);
      const teams: Recorder = await recorder(() => ({ status: 202 }));
      const webhook: Recorder = await signedRecorder(stop.answer);
      try {
        const urls = { teams: teams.url, webhook: webhook.url };
        const world: World = { azurite: { ...azurite, stop: () => azurite.stop() }, la };
        const deps = (now: Date) => runDeps(world, store, urls, now, { notifiers: listingNotifiers(urls, N) });
        const hit = await runHunt(hunt, deps(T0));
        assert.ok(stop.wasStopped(), 'Azurite was stopped during the run');
        t.diagnostic(`run with Azurite stopped: ${hit.status}${hit.reason ? ` (${hit.reason})` : ''}; ${webhook.accepted.length} webhook posts accepted`);
        // Either outcome is clean; a failed run must say why and not move the watermark.
        assert.ok(hit.status === 'failed' || hit.status === 'succeeded', hit.status);
        if (hit.status === 'failed') assert.ok(hit.reason, 'a failed run says why');
        if (restart === 'after the run') {
          assert.equal(hit.status, 'failed', 'state could not be written');
          assert.match(hit.reason ?? '', /could not record (teams|webhook) delivery state in Table Storage .*stay owed/);
          azurite = await startAzurite({ location, port: azurite.port });
        }
        assert.equal((await storedFindings(findings, hunt.id)).length, N, 'nothing stored was lost');
        assert.deepEqual(await store.getWatermark(hunt.id), hit.status === 'succeeded' ? T0 : null);

        const recovery = await runHunt(hunt, deps(AFTER_LEASE));
        assert.equal(recovery.status, 'succeeded', recovery.reason);
        assert.equal(recovery.newCount, 0);
        assert.ok(recovery.channels.every((c) => c.failed === 0), JSON.stringify(recovery.channels));
        await assertRecovered(hunt, store, findings, { teams, webhook }, { findings: N, webhookDoubles: WEBHOOK_CONCURRENCY, teamsCards: 2 }, restart);
        assert.deepEqual(await store.getWatermark(hunt.id), AFTER_LEASE);
        const [latest] = await store.listRuns(hunt.id, 3);
        assert.deepEqual([latest?.status, latest?.findings, latest?.failedNotices], ['succeeded', N, 0]);
        t.diagnostic(`recovery: ${recovery.channels.map((c) => `${c.channel} sent ${c.sent}`).join(', ')}; webhook ids accepted twice: ${webhook.accepted.length - N}`);
      } finally {
        await Promise.all([teams.close(), webhook.close()]);
      }
    });
  }
});
