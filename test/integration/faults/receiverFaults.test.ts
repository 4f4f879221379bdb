/**
 * Receivers that push back: 429 with Retry-After then 200 on each channel; 5xx for three runs then
 * healthy, under a cap above 3 (owed across runs, delivered on the fourth) and a cap of 3 (dead letters,
 * then `redeliver --failed`'s delivery). Real Azurite, fake Log Analytics, loopback receivers.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deliverOwed } from '../../../src/run/deliver.js';
import { runHunt, type HuntRunReport } from '../../../src/run/runHunt.js';
import { answer, deliveryHunt, freshStore, hostsResult, later, runDeps, storedFindings, T0, sharedWorld } from '../delivery/harness.js';
import { acceptedIds, assertRecovered, listingNotifiers, recorder, signedRecorder, type Recorder } from './world.js';

const world = sharedWorld();

async function withRecorders<T>(make: [Promise<Recorder>, Promise<Recorder>], fn: (teams: Recorder, webhook: Recorder) => Promise<T>): Promise<T> {
  const [teams, webhook] = await Promise.all(make);
  try {
    return await fn(teams, webhook);
  } finally {
    await Promise.all([teams.close(), webhook.close()]);
  }
}

const channel = (report: HuntRunReport, name: 'teams' | 'webhook') => report.channels.find((c) => c.channel === name)!;

function logLines() {
  const lines: string[] = [];
  return { lines, log: { info: (m: string) => lines.push(`info ${m}`), warn: (m: string) => lines.push(`warn ${m}`), error: (m: string) => lines.push(`error ${m}`) } };
}

describe('429 with Retry-After, then 200', () => {
  it('waits as asked and delivers each notice once, within the run, on each channel', async () => {
    const N = 6;
    const { store, findings } = await freshStore(world.azurite);
    const hunt = deliveryHunt();
    answer(world.la, hostsResult(N));
    // The first request for each card or webhook-id is throttled; its retry is accepted.
    const throttledOnce = (ok: number) => {
      const seen = new Set<string>();
      return (r: { headers: Record<string, unknown>; body: string }) => {
        const id = String(r.headers['webhook-id'] ?? r.body);
        if (seen.has(id)) return { status: ok };
        seen.add(id);
        return { status: 429, headers: { 'retry-after': '1' } };
      };
    };
    await withRecorders([recorder(throttledOnce(202)), signedRecorder(throttledOnce(204))], async (teams, webhook) => {
      const urls = { teams: teams.url, webhook: webhook.url };
      const report = await runHunt(hunt, runDeps(world, store, urls, T0, { notifiers: listingNotifiers(urls, N) }));
      assert.equal(report.status, 'succeeded', report.reason);
      for (const c of report.channels) assert.deepEqual([c.channel, c.sent, c.failed, c.incomplete ?? false], [c.channel, N, 0, false]);

      assert.equal(teams.requests.length, 2, 'one throttled card, then the same card accepted');
      assert.equal(teams.requests[0]!.body, teams.requests[1]!.body);
      assert.equal(webhook.requests.length, 2 * N);
      assert.ok([...acceptedIds(webhook).values()].every((n) => n === 1), 'each webhook-id accepted once');
      // Retry-After is a floor: the retry of each request came no sooner than the second it asked for.
      for (const receiver of [teams, webhook]) {
        const first = new Map<string, number>();
        for (const r of receiver.requests) {
          const id = String(r.headers['webhook-id'] ?? 'card');
          if (!first.has(id)) first.set(id, r.at);
          else assert.ok(r.at - first.get(id)! >= 1_000 - 5, `${id} retried ${r.at - first.get(id)!} ms after a Retry-After of 1 s`);
        }
      }
      await assertRecovered(hunt, store, findings, { teams, webhook }, { findings: N, webhookDoubles: 0, teamsCards: 1 }, '429 then 200');
      const stored = await storedFindings(findings, hunt.id);
      assert.ok(stored.every((e) => e.webhookAttempts === 1 && e.teamsAttempts === 1), 'retries within a run are one attempt');
      assert.deepEqual(await store.getWatermark(hunt.id), T0);
    });
  });
});

describe('5xx for three runs, then healthy', () => {
  const N = 5;
  /** Receivers answering 503 while `down.failing`; three runs against them, then the healthy fourth. */
  async function threeBadRuns(maxAttempts: number, teams: Recorder, webhook: Recorder, down: { failing: boolean }) {
    const { store, findings } = await freshStore(world.azurite);
    const hunt = deliveryHunt();
    answer(world.la, hostsResult(N));
    const urls = { teams: teams.url, webhook: webhook.url };
    const { lines, log } = logLines();
    const run = (hours: number) => runHunt(hunt, runDeps(world, store, urls, later(hours), { notifiers: listingNotifiers(urls, N), maxAttempts, log }));
    const bad: HuntRunReport[] = [];
    for (let i = 0; i < 3; i++) {
      const report = await run(i);
      assert.equal(report.status, 'succeeded', report.reason);
      // Failed notices stay owed in the store, so the window moves on with the run.
      assert.deepEqual(await store.getWatermark(hunt.id), later(i));
      const stored = await storedFindings(findings, hunt.id);
      assert.ok(stored.every((e) => e.webhookAttempts === i + 1 && e.teamsAttempts === i + 1), `attempts counted per run: ${JSON.stringify(stored.map((e) => [e.teamsAttempts, e.webhookAttempts]))}`);
      bad.push(report);
    }
    assert.equal(webhook.accepted.length + teams.accepted.length, 0);
    down.failing = false;
    return { store, findings, hunt, run, bad, lines };
  }
  const flaky = (down: { failing: boolean }, ok: number) => () => ({ status: down.failing ? 503 : ok });

  it('with a cap above 3: owed across runs, delivered on the fourth, never dead-lettered', async () => {
    const down = { failing: true };
    await withRecorders([recorder(flaky(down, 202)), signedRecorder(flaky(down, 204))], async (teams, webhook) => {
      const { store, findings, hunt, run, bad, lines } = await threeBadRuns(4, teams, webhook, down);
      for (const report of bad) {
        for (const name of ['teams', 'webhook'] as const) assert.deepEqual([channel(report, name).failed, channel(report, name).deadLettered], [N, 0], name);
      }
      assert.equal(lines.filter((l) => l.startsWith('error')).length, 0, 'no dead letters reported');
      assert.equal(lines.filter((l) => /failed and stay owed; the next run retries them/.test(l)).length, 6);
      const fourth = await run(3);
      assert.deepEqual(fourth.channels.map((c) => [c.channel, c.sent, c.failed]), [['teams', N, 0], ['webhook', N, 0]]);
      await assertRecovered(hunt, store, findings, { teams, webhook }, { findings: N, webhookDoubles: 0, teamsCards: 1 }, '5xx x3, cap 4');
      const stored = await storedFindings(findings, hunt.id);
      assert.ok(stored.every((e) => e.webhookAttempts === 4 && e.teamsAttempts === 4));
      const records = await store.listRuns(hunt.id, 4);
      assert.deepEqual(records.map((r) => [r.notified, r.failedNotices, r.deadLettered]), [[2 * N, 0, 0], [0, 2 * N, 0], [0, 2 * N, 0], [0, 2 * N, 0]]);
      assert.deepEqual(await store.getWatermark(hunt.id), later(3));
    });
  });

  it('with a cap of 3: dead letters after the third run, reported, left alone by runs, then sent by redeliver --failed', async () => {
    const down = { failing: true };
    await withRecorders([recorder(flaky(down, 202)), signedRecorder(flaky(down, 204))], async (teams, webhook) => {
      const { store, findings, hunt, run, bad, lines } = await threeBadRuns(3, teams, webhook, down);
      const third = bad[2]!;
      for (const name of ['teams', 'webhook'] as const) assert.deepEqual([channel(third, name).failed, channel(third, name).deadLettered], [N, N], name);
      assert.equal(lines.filter((l) => /^error .*dead letters now.*hunts redeliver --failed/.test(l)).length, 2, lines.join('\n'));
      const [record] = await store.listRuns(hunt.id, 1);
      assert.deepEqual([record?.status, record?.failedNotices, record?.deadLettered], ['succeeded', 2 * N, 2 * N]);

      const postsBefore = teams.requests.length + webhook.requests.length;
      const fourth = await run(3);
      assert.ok(fourth.channels.every((c) => c.attempted === 0), 'runs leave dead letters alone');
      assert.equal(teams.requests.length + webhook.requests.length, postsBefore);
      assert.equal((await storedFindings(findings, hunt.id)).filter((e) => e.webhookState === 'failed' && e.teamsState === 'failed').length, N);

      // What `hunts redeliver --failed` does for a hunt, under its lease.
      const lease = await store.acquireLease(hunt.id, 'redeliver-test', 60_000, later(4));
      assert.ok(lease);
      const redelivered = await deliverOwed(hunt, { store, notifiers: listingNotifiers({ teams: teams.url, webhook: webhook.url }, N), now: () => later(4), maxAttempts: 3 }, { deadLetters: true });
      await store.releaseLease(lease);
      assert.deepEqual(redelivered.map((c) => [c.channel, c.sent, c.failed]), [['teams', N, 0], ['webhook', N, 0]]);
      await assertRecovered(hunt, store, findings, { teams, webhook }, { findings: N, webhookDoubles: 0, teamsCards: 1 }, '5xx x3, cap 3, redelivered');
      assert.deepEqual(await store.getWatermark(hunt.id), later(3), 'redelivery does not move the watermark');
    });
  });
});
