/**
 * `hunts redeliver` and the exit codes of delivery trouble, as a user runs them: the CLI in a child
 * process against Azurite and loopback receivers.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadHunts } from '../../../src/hunts/load.js';
import type { Hunt } from '../../../src/hunts/hunt.js';
import type { TableFindingStore } from '../../../src/store/tableFindingStore.js';
import { withAzurite, type TestAzurite } from '../../support/azurite.js';
import { hunts } from '../../support/cli.js';
import { reply, startReceiver, startSignedWebhookReceiver, type TestReceiver } from '../../support/notify/server.js';
import { ROOT } from '../../support/seeds.js';
import { countIds, freshStore, SECRET, T0 } from './harness.js';

let azurite: TestAzurite;
let failing: TestReceiver;
let signed: TestReceiver;
const pivot: Hunt = loadHunts(join(ROOT, 'hunts')).hunts.find((h) => h.slug === 'pivot-detections-to-downloads')!;

before(async () => {
  azurite = await withAzurite();
  // 400 is not retried: a failure without the CLI's real backoff (seconds).
  failing = await startReceiver((_r, _i, res) => reply(res, 400));
  signed = await startSignedWebhookReceiver(SECRET);
});
after(async () => {
  await Promise.all([azurite.stop(), failing.close(), signed.close()]);
});

function finding(host: string) {
  return { id: Buffer.from(host).toString('hex').padEnd(64, '0'), huntId: pivot.id, key: { Host: host }, title: `Downloads from ${host}`, severity: 'High' as const, row: { Host: host } };
}

/** Three dead letters (two failed runs at a cap of 2) and one notice still owed, on the webhook. */
async function seed(store: TableFindingStore): Promise<void> {
  await store.reconcile(pivot, ['a.test', 'b.test', 'c.test'].map(finding), 'seed-1', T0, ['webhook']);
  for (let run = 0; run < 2; run++) {
    const owed = await store.owedNotices(pivot.id, 'webhook', { maxAttempts: 2 });
    await store.recordDeliveries(pivot.id, 'webhook', owed.map((notice) => ({ notice, result: { findingId: notice.finding.id, ok: false, error: 'answered 500' } })), T0, 2);
  }
  await store.reconcile(pivot, [finding('d.test')], 'seed-2', T0, ['webhook']);
}

describe('hunts redeliver', () => {
  it('sends what is owed (exit 0), then with --failed the dead letters; exit 1 while the receiver fails', async () => {
    const { store, prefix } = await freshStore(azurite);
    await seed(store);
    const env = (url: string) => ({ TABLES_CONNECTION_STRING: azurite.connectionString, TABLES_PREFIX: prefix, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET, DELIVERY_MAX_ATTEMPTS: '2' });

    // The seeded store is laid out as the deployed Function keeps it.
    const down = await hunts(['redeliver', '--state', 'function', '--hunt', pivot.slug], env(failing.url));
    assert.equal(down.code, 1, down.stderr);
    assert.match(down.stdout, /webhook +sent 0 of 1, 1 failed and stay owed .*answered 400/);

    const owedOnly = await hunts(['redeliver', '--state', 'function', '--channel', 'webhook'], env(signed.url));
    assert.equal(owedOnly.code, 0, owedOnly.stderr);
    assert.match(owedOnly.stdout, /webhook +sent 1 of 1/);
    assert.equal(signed.requests.length, 1);

    const dead = await hunts(['redeliver', '--state', 'function', '--failed'], env(signed.url));
    assert.equal(dead.code, 0, dead.stderr);
    assert.match(dead.stdout, /webhook +sent 3 of 3/);
    assert.match(dead.stderr, /3 owed and dead-lettered notice\(s\) sent, 0 failed/);
    assert.equal(countIds(signed.requests).size, 4);
    assert.deepEqual(await store.owedNotices(pivot.id, 'webhook', { deadLetters: true }), []);
  });

  it('names the setting when the channel asked for is not configured, or the cap is not a number', async () => {
    const base = { TABLES_CONNECTION_STRING: azurite.connectionString, WEBHOOK_URL: signed.url, WEBHOOK_SECRET: SECRET };
    const teams = await hunts(['redeliver', '--channel', 'teams'], base);
    assert.equal(teams.code, 1);
    assert.match(teams.stderr, /--channel teams: TEAMS_WEBHOOK_URL is not set/);
    const cap = await hunts(['redeliver'], { ...base, DELIVERY_MAX_ATTEMPTS: 'lots' });
    assert.equal(cap.code, 1);
    assert.match(cap.stderr, /DELIVERY_MAX_ATTEMPTS: must be a whole number from 1 to 1000/);
    assert.doesNotMatch(cap.stderr, /lots/);
  });
});

describe('hunts run', () => {
  it('exits 1 when notices failed, though the hunts ran, and says so; redeliver then finds them in the same state', async () => {
    const { prefix } = await freshStore(azurite);
    const env = (url: string) => ({ TABLES_CONNECTION_STRING: azurite.connectionString, TABLES_PREFIX: prefix, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET });
    const ran = await hunts(['run', '--hunt', pivot.slug], env(failing.url));
    assert.equal(ran.code, 1, ran.stderr);
    assert.match(ran.stdout, /webhook +sent 0 of 2, 2 failed and stay owed/);
    assert.match(ran.stderr, /1 hunt\(s\) run, 0 failed; 1 with notices not delivered/);

    const before = signed.requests.length;
    const again = await hunts(['redeliver', '--hunt', pivot.slug], env(signed.url));
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /webhook +sent 2 of 2/);
    assert.equal(signed.requests.length - before, 2);
  });
});
