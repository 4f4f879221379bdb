/**
 * A run killed (SIGKILL, a real process death) at each step, then the runs after it: real Azurite, fake
 * Log Analytics over HTTPS, loopback Teams and webhook receivers. The next run is driven by the clock:
 * one inside the killed run's lease is skipped, one after it expires recovers. After recovery every
 * finding is stored once, every notice reached both channels, doubles are at most what was in flight,
 * the watermark moved only with a run that got that far, and the run records say what happened.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LEASE_TTL_MS, runHunt } from '../../../src/run/runHunt.js';
import { answer, deliveryHunt, freshStore, hostsResult, runDeps, storedFindings, T0, sharedWorld } from '../delivery/harness.js';
import type { CrashRun, SelfKill } from './crashChild.js';
import { assertRecovered, listingNotifiers, recorder, signedRecorder, WEBHOOK_CONCURRENCY, type Recorder } from './world.js';

const N = 24;
const MINUTE = 60_000;
/** Inside the killed run's lease, and after it. */
const WHILE_LEASED = new Date(T0.getTime() + 5 * MINUTE);
const AFTER_LEASE = new Date(T0.getTime() + DEFAULT_LEASE_TTL_MS + MINUTE);

const world = sharedWorld((w) => answer(w.la, hostsResult(N)));

interface Step {
  name: string;
  /** Killed by the child itself at a store or source call. */
  kill?: SelfKill;
  /** Killed by the receiver when its k-th request arrives (1-based), before it answers. */
  killOn?: { channel: 'teams' | 'webhook'; k: number };
  /** What the killed run left: findings stored, watermark moved, run record written. */
  stored: boolean;
  watermarkMoved: boolean;
  recorded: boolean;
  /** Posts the killed run made that its state does not show: what recovery may send again. */
  webhookDoubles: number;
  teamsCards: number;
}

const STEPS: Step[] = [
  { name: 'after the lease is taken', kill: { after: 'acquireLease' }, stored: false, watermarkMoved: false, recorded: false, webhookDoubles: 0, teamsCards: 1 },
  { name: 'after the query', kill: { after: 'query' }, stored: false, watermarkMoved: false, recorded: false, webhookDoubles: 0, teamsCards: 1 },
  { name: 'after reconcile (stored, nothing sent)', kill: { after: 'reconcile' }, stored: true, watermarkMoved: false, recorded: false, webhookDoubles: 0, teamsCards: 1 },
  // The card reaches Teams (it posts) but the run dies before it hears back: recovery posts it again.
  { name: 'in the middle of Teams delivery', killOn: { channel: 'teams', k: 1 }, stored: true, watermarkMoved: false, recorded: false, webhookDoubles: WEBHOOK_CONCURRENCY, teamsCards: 2 },
  { name: 'in the middle of webhook delivery', killOn: { channel: 'webhook', k: 11 }, stored: true, watermarkMoved: false, recorded: false, webhookDoubles: WEBHOOK_CONCURRENCY, teamsCards: 2 },
  { name: 'after delivery, before the watermark', kill: { before: 'setWatermark' }, stored: true, watermarkMoved: false, recorded: false, webhookDoubles: 0, teamsCards: 1 },
  { name: 'after the watermark, before the run record', kill: { before: 'recordRun' }, stored: true, watermarkMoved: true, recorded: false, webhookDoubles: 0, teamsCards: 1 },
  { name: 'after the run record, before the lease is released', kill: { before: 'releaseLease' }, stored: true, watermarkMoved: true, recorded: true, webhookDoubles: 0, teamsCards: 1 },
];

/** Runs the child until it dies; resolves with its exit code and signal. */
function runChild(config: CrashRun, started: (child: ChildProcess) => void): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./crashChild.ts', import.meta.url)), JSON.stringify(config)], { stdio: ['ignore', 'pipe', 'inherit'] });
  started(child);
  let stdout = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stdout })));
}

describe('a run killed at each step, then recovered', () => {
  for (const step of STEPS) {
    it(step.name, async (t) => {
      const { store, prefix, findings } = await freshStore(world.azurite);
      const hunt = deliveryHunt();
      let child: ChildProcess | undefined;
      const killOn = (channel: 'teams' | 'webhook') => (_r: unknown, index: number) => {
        if (step.killOn?.channel === channel && index + 1 === step.killOn.k) child?.kill('SIGKILL');
        return { status: channel === 'teams' ? 202 : 204 };
      };
      const teams: Recorder = await recorder(killOn('teams'));
      const webhook: Recorder = await signedRecorder(killOn('webhook'));
      try {
        const urls = { teams: teams.url, webhook: webhook.url };
        const ended = await runChild(
          { connectionString: world.azurite.connectionString, tablePrefix: prefix, laEndpoint: world.la.endpoint, laCa: world.la.ca, urls, hunt, now: T0.toISOString(), findingsPerCard: N, kill: step.kill },
          (c) => (child = c),
        );
        assert.equal(ended.signal, 'SIGKILL', `killed, not ended: ${ended.stdout}`);
        if (step.killOn) assert.ok((step.killOn.channel === 'teams' ? teams : webhook).requests.length >= step.killOn.k, 'killed by the receiver');
        const postsBefore = { teams: teams.accepted.length, webhook: webhook.accepted.length };

        // What the killed run left behind.
        assert.equal((await storedFindings(findings, hunt.id)).length, step.stored ? N : 0, 'findings stored by the killed run');
        assert.deepEqual(await store.getWatermark(hunt.id), step.watermarkMoved ? T0 : null, 'the watermark moves only once delivery is done');
        const killedRecords = await store.listRuns(hunt.id, 5);
        assert.equal(killedRecords.length, step.recorded ? 1 : 0, 'a killed run leaves no record unless it got that far');
        if (step.recorded) assert.equal(killedRecords[0]?.status, 'succeeded');

        // Inside the dead run's lease, a run does nothing; after it, a run recovers.
        const deps = (now: Date) => runDeps(world, store, urls, now, { notifiers: listingNotifiers(urls, N) });
        const blocked = await runHunt(hunt, deps(WHILE_LEASED));
        assert.equal(blocked.status, 'skipped', blocked.reason);
        const recovery = await runHunt(hunt, deps(AFTER_LEASE));
        assert.equal(recovery.status, 'succeeded', recovery.reason);
        assert.equal(recovery.deliveryIncomplete, false);
        assert.equal(recovery.newCount, step.stored ? 0 : N, 'new findings on recovery: only those the killed run did not store');
        assert.ok(recovery.channels.every((c) => c.failed === 0 && c.deadLettered === 0), JSON.stringify(recovery.channels));

        await assertRecovered(hunt, store, findings, { teams, webhook }, { findings: N, webhookDoubles: step.webhookDoubles, teamsCards: step.teamsCards }, step.name);
        assert.deepEqual(await store.getWatermark(hunt.id), AFTER_LEASE);
        t.diagnostic(
          `killed run: ${postsBefore.webhook} webhook, ${postsBefore.teams} Teams accepted; recovery: ${webhook.accepted.length - postsBefore.webhook} webhook, ` +
            `${teams.accepted.length - postsBefore.teams} Teams; webhook ids accepted twice: ${webhook.accepted.length - N}`,
        );
        const records = await store.listRuns(hunt.id, 5);
        assert.equal(records.length, step.recorded ? 2 : 1);
        const latest = records[0]!;
        assert.deepEqual(
          [latest.status, latest.findings, latest.newFindings, latest.notified, latest.failedNotices, latest.deadLettered, latest.deliveryIncomplete],
          ['succeeded', N, recovery.newCount, recovery.channels.reduce((n, c) => n + c.sent, 0), 0, 0, false],
        );
      } finally {
        child?.kill('SIGKILL');
        await Promise.all([teams.close(), webhook.close()]);
      }
    });
  }
});
