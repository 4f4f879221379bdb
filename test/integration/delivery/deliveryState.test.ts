/**
 * Delivery state written as deliveries succeed, the run deadline, the attempt cap and dead letters, and
 * stable bodies: real Azurite, fake Log Analytics over HTTPS, loopback Teams and webhook receivers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runHunt } from '../../../src/run/runHunt.js';
import { deadlineFromSignal } from '../../../src/util/deadline.js';
import { reply, startReceiver, startSignedWebhookReceiver, type TestReceiver } from '../../support/notify/server.js';
import { answer, countIds, deliveryHunt, freshStore, hostsResult, later, notifiers, runDeps, SECRET, storedFindings, T0, sharedWorld } from './harness.js';
import type { ChildRun } from './runInChild.js';

const world = sharedWorld();

/** Runs `fn` with receivers that are always closed after, hung requests included. */
async function withReceivers<T>(receivers: Promise<TestReceiver>[], fn: (r: TestReceiver[]) => Promise<T>): Promise<T> {
  const started = await Promise.all(receivers);
  try {
    return await fn(started);
  } finally {
    await Promise.all(started.map((r) => r.close()));
  }
}

describe('state written as deliveries succeed', () => {
  it('a run killed after k webhook deliveries re-sends at most the concurrency (4) on recovery; Teams at most its card', async () => {
    const { store, prefix, findings } = await freshStore(world.azurite);
    const hunt = deliveryHunt();
    const N = 60;
    const K = 23;
    answer(world.la, hostsResult(N));
    let child: ReturnType<typeof spawn> | undefined;
    await withReceivers(
      [
        startReceiver((_r, _i, res) => reply(res, 202)),
        startSignedWebhookReceiver(SECRET),
      ],
      async ([teams, webhook]) => {
        // The receiver answers every request; the run is killed when the K-th arrives, as a host kills a Function.
        const killAt = new Promise<void>((resolve) => {
          const timer = setInterval(() => {
            if (webhook!.requests.length >= K) {
              clearInterval(timer);
              child?.kill('SIGKILL');
              resolve();
            }
          }, 1);
        });
        const config: ChildRun = {
          connectionString: world.azurite.connectionString,
          tablePrefix: prefix,
          laEndpoint: world.la.endpoint,
          laCa: world.la.ca,
          urls: { teams: teams!.url, webhook: webhook!.url },
          hunt,
          now: T0.toISOString(),
        };
        child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./runInChild.ts', import.meta.url)), JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
        const exited = new Promise<number | null>((resolve) => child!.on('exit', (code) => resolve(code)));
        await Promise.race([killAt, exited]);
        assert.equal(await exited, null, 'killed, not finished: raise N if the run got through');
        const beforeRecovery = webhook!.requests.length;

        // The next run (the lease of the killed one has to be gone: a later clock than its TTL).
        const recovery = await runHunt(hunt, runDeps(world, store, { teams: teams!.url, webhook: webhook!.url }, later(1)));
        assert.equal(recovery.status, 'succeeded', recovery.reason);
        assert.equal(recovery.newCount, 0, 'stored by the killed run');

        const ids = countIds(webhook!.requests);
        assert.equal(ids.size, N, 'every notice arrived');
        const doubles = webhook!.requests.length - N;
        assert.ok(doubles <= 4, `${doubles} webhook ids sent twice (killed after ${beforeRecovery} requests)`);
        assert.ok(teams!.requests.length <= 2, `${teams!.requests.length} Teams cards`);

        const stored = await storedFindings(findings, hunt.id);
        assert.equal(stored.length, N, 'every finding stored once');
        assert.ok(stored.every((e) => e.webhookState === 'sent' && e.teamsState === 'sent'));
        assert.deepEqual(await store.getWatermark(hunt.id), later(1));
      },
    );
  });
});

describe('the run deadline', () => {
  it('stops delivery against hung receivers, leaves the rest owed, says "delivery incomplete"; the next run sends it', async () => {
    const { store } = await freshStore(world.azurite);
    const hunt = deliveryHunt();
    answer(world.la, hostsResult(12));
    const stop = new AbortController();
    await withReceivers(
      [
        // Hung: never answers. Once Teams and four webhook posts are hanging, the deadline comes.
        startReceiver(() => {}),
        startReceiver(() => {}),
      ],
      async ([teams, webhook]) => {
        const watch = setInterval(() => {
          if (teams!.requests.length >= 1 && webhook!.requests.length >= 4) stop.abort();
        }, 1);
        let report;
        try {
          const urls = { teams: teams!.url, webhook: webhook!.url };
          // Attempts that would wait for ever on their own: only the deadline ends them.
          const patient = notifiers(urls, 1, { timeoutMs: 600_000, maxTotalMs: 600_000 });
          report = await runHunt(hunt, runDeps(world, store, urls, T0, { deadline: deadlineFromSignal(stop.signal), notifiers: patient }));
        } finally {
          clearInterval(watch);
        }
        assert.equal(report.status, 'succeeded', report.reason);
        assert.equal(report.newCount, 12);
        assert.equal(report.deliveryIncomplete, true);
        for (const c of report.channels) {
          assert.equal(c.sent, 0, c.channel);
          assert.ok(c.incomplete, c.channel);
          assert.match(c.errors.join(' '), /stopped at the run's deadline/);
        }
        assert.deepEqual(await store.getWatermark(hunt.id), T0, 'findings stored, so the window moves on');
        // The posts in flight count as an attempt; the rest were never tried.
        const owed = await store.owedNotices(hunt.id, 'webhook');
        assert.equal(owed.length, 12);
        assert.deepEqual(owed.map((n) => n.attempts).sort().join(''), '000000001111');
        assert.equal((await store.owedNotices(hunt.id, 'teams')).length, 12);
        const [record] = await store.listRuns(hunt.id, 1);
        assert.equal(record?.deliveryIncomplete, true);
      },
    );
    await withReceivers([startReceiver((_r, _i, res) => reply(res, 202)), startSignedWebhookReceiver(SECRET)], async ([teams, webhook]) => {
      const next = await runHunt(hunt, runDeps(world, store, { teams: teams!.url, webhook: webhook!.url }, later(1)));
      assert.equal(next.deliveryIncomplete, false);
      assert.deepEqual(next.channels.map((c) => [c.channel, c.sent]), [['teams', 12], ['webhook', 12]]);
    });
  });

  it('fails a run whose query outlasts the deadline: nothing stored, the watermark stays', async () => {
    const { store, findings } = await freshStore(world.azurite);
    const hunt = deliveryHunt();
    const stop = new AbortController();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    world.la.setHandler(async () => {
      stop.abort();
      await held;
      return { status: 500, body: {} };
    });
    try {
      const report = await runHunt(hunt, runDeps(world, store, {}, T0, { deadline: deadlineFromSignal(stop.signal) }));
      assert.equal(report.status, 'failed');
      assert.match(report.reason ?? '', /deadline came during the query/);
    } finally {
      release();
    }
    assert.equal((await storedFindings(findings, hunt.id)).length, 0);
    assert.equal(await store.getWatermark(hunt.id), null);
  });
});

describe('attempt cap and dead letters', () => {
  it('dead-letters after maxAttempts runs, reports it, and no later run retries it', async () => {
    const { store } = await freshStore(world.azurite);
    const hunt = deliveryHunt();
    answer(world.la, hostsResult(3));
    await withReceivers([startReceiver((_r, _i, res) => reply(res, 503))], async ([webhook]) => {
      const deps = (hours: number) => runDeps(world, store, { webhook: webhook!.url }, later(hours), { maxAttempts: 2 });
      const first = await runHunt(hunt, deps(0));
      const web = (r: typeof first) => r.channels.find((c) => c.channel === 'webhook')!;
      assert.deepEqual([web(first).failed, web(first).deadLettered], [3, 0]);
      const second = await runHunt(hunt, deps(1));
      assert.deepEqual([web(second).attempted, web(second).failed, web(second).deadLettered], [3, 3, 3]);
      const posts = webhook!.requests.length;
      const third = await runHunt(hunt, deps(2));
      assert.equal(web(third).attempted, 0);
      assert.equal(webhook!.requests.length, posts, 'dead letters are not retried by runs');
      const [latest, middle] = await store.listRuns(hunt.id, 3);
      assert.deepEqual([middle?.deadLettered, middle?.failedNotices, latest?.deadLettered], [3, 3, 0]);
      assert.equal((await store.owedNotices(hunt.id, 'webhook', { maxAttempts: 2 })).length, 0);
      assert.equal((await store.owedNotices(hunt.id, 'webhook', { maxAttempts: 2, deadLetters: true })).length, 3);
    });
  });
});

describe('stable notice bodies', () => {
  it('sends byte-identical bodies for a webhook-id across retries and runs, though the finding was seen again since', async () => {
    const { store } = await freshStore(world.azurite);
    const hunt = deliveryHunt();
    let failing = true;
    await withReceivers([startReceiver((_r, _i, res) => reply(res, failing ? 500 : 204))], async ([webhook]) => {
      answer(world.la, hostsResult(2));
      await runHunt(hunt, runDeps(world, store, { webhook: webhook!.url }, T0));
      // Seen again with other column values: timesSeen and the latest row change; the notice does not.
      answer(world.la, { ...hostsResult(2), rows: hostsResult(2).rows.map((r) => ({ ...r, Seen: 999 })) });
      await runHunt(hunt, runDeps(world, store, { webhook: webhook!.url }, later(1)));
      failing = false;
      const last = await runHunt(hunt, runDeps(world, store, { webhook: webhook!.url }, later(2)));
      assert.equal(last.channels.find((c) => c.channel === 'webhook')!.sent, 2);

      const bodies = new Map<string, Set<string>>();
      for (const r of webhook!.requests) {
        const id = String(r.headers['webhook-id']);
        bodies.set(id, (bodies.get(id) ?? new Set()).add(r.body));
      }
      assert.equal(bodies.size, 2);
      for (const [id, set] of bodies) {
        assert.equal(set.size, 1, `${id}: one body over ${webhook!.requests.filter((r) => r.headers['webhook-id'] === id).length} attempts`);
        const data = (JSON.parse([...set][0]!) as { data: { timesSeen: number; row: { Seen: number } } }).data;
        assert.equal(data.timesSeen, 1);
        assert.notEqual(data.row.Seen, 999);
      }
    });
  });
});
