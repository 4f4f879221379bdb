/**
 * `hunts run` keeps each source's state apart: a run on the sample files, then one against a Log
 * Analytics workspace (the fake, HTTPS on 127.0.0.1, reached with a managed identity token from a fake
 * App Service endpoint), each with its own findings and watermark, in the CLI's own Azurite or in a
 * Table Storage the user configures. Before, the workspace's first run caught up a week from the
 * samples' watermark.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TableServiceClient } from '@azure/data-tables';
import { loadHunts } from '../../../src/hunts/load.js';
import type { QueryResult } from '../../../src/sources/querySource.js';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { hunts, jsonLines } from '../../support/cli.js';
import { FAKE_TOKEN, FAKE_WORKSPACE_ID, startFakeLogAnalytics, successReply, type FakeLogAnalytics } from '../../support/fakeLogAnalytics.js';
import { reply, startReceiver, type TestReceiver } from '../../support/notify/server.js';
import { ROOT } from '../../support/seeds.js';

const PIVOT = 'pivot-detections-to-downloads';
const pivot = loadHunts(join(ROOT, 'hunts')).hunts.find((h) => h.slug === PIVOT)!;
const DAY = 86_400_000;
assert.equal(pivot.lookback.ms, DAY, 'sanity: the pivot hunt looks back one day');
const IDENTITY_HEADER = randomBytes(16).toString('hex');
/** A week after the samples' newest event (2026-11-20T11:45Z): the old shared watermark made this a 7-day window. */
const CLOUD_NOW = '2026-11-27T12:00:00.000Z';

/** The pivot query's own result shape (its last `project`), one row. */
const cloudResult: QueryResult = {
  columns: [
    { name: 'Host', type: 'string' },
    { name: 'MachineCount', type: 'long' },
    { name: 'DeviceId', type: 'string' },
    { name: 'FileName', type: 'string' },
    { name: 'DetectedFiles', type: 'dynamic' },
    { name: 'FileOriginUrl', type: 'string' },
    { name: 'DetectedUrl', type: 'string' },
    { name: 'ThreatNames', type: 'dynamic' },
    { name: 'Timestamp', type: 'datetime' },
    { name: 'SHA1', type: 'string' },
  ],
  rows: [
    {
      Host: 'cdn.cloud-only.test',
      MachineCount: 3,
      DeviceId: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c',
      FileName: 'a.exe',
      DetectedFiles: ['b.exe'],
      FileOriginUrl: 'https://cdn.cloud-only.test/a.exe',
      DetectedUrl: 'https://cdn.cloud-only.test/b.exe',
      ThreatNames: ['Trojan:Win32/Test'],
      Timestamp: '2026-11-27T11:00:00Z',
      SHA1: '0123456789abcdef0123456789abcdef01234567',
    },
  ],
};

let workDir: string;
let azurite: TestAzurite;
let la: FakeLogAnalytics;
let identity: TestReceiver;
let caFile: string;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'hunts-state-'));
  azurite = await withAzurite();
  la = await startFakeLogAnalytics(() => successReply(cloudResult));
  caFile = join(workDir, 'la-ca.pem');
  await writeFile(caFile, la.ca);
  // App Service's token endpoint, so the CLI's own credential code signs in without any network.
  identity = await startReceiver((req, _i, res) => {
    if (req.headers['x-identity-header'] !== IDENTITY_HEADER) return reply(res, 401);
    reply(res, 200, { 'content-type': 'application/json' }, JSON.stringify({
      access_token: FAKE_TOKEN,
      expires_on: String(Math.floor(Date.now() / 1000) + 3600),
      resource: new URL(req.url, 'http://127.0.0.1').searchParams.get('resource'),
      token_type: 'Bearer',
    }));
  }, '/msi/token');
});

after(async () => {
  await Promise.all([azurite?.stop(), la?.stop(), identity?.close()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

const cloudEnv = (): Record<string, string> => ({
  LOG_ANALYTICS_WORKSPACE_ID: FAKE_WORKSPACE_ID,
  LOG_ANALYTICS_ENDPOINT: la.endpoint,
  IDENTITY_ENDPOINT: identity.url,
  IDENTITY_HEADER,
  NODE_EXTRA_CA_CERTS: caFile,
});

/** The query window the fake saw last, as [start, end] ISO strings. */
function lastWindow(): [string, string] {
  const [start, end] = String(la.requests.at(-1)!.body.timespan).split('/');
  return [new Date(start).toISOString(), new Date(end).toISOString()];
}

async function run(args: string[], env: Record<string, string>) {
  const ran = await hunts(['run', '--hunt', PIVOT, '--json', ...args], env);
  assert.equal(ran.code, 0, ran.stderr);
  const [report] = jsonLines(ran.stdout);
  assert.equal(report.status, 'succeeded', ran.stderr);
  return { report, stderr: ran.stderr };
}

describe('hunts run keeps local and cloud state apart', () => {
  it("in its own Azurite: the workspace's first run covers its lookback, not a catch-up from the samples' watermark", async () => {
    const env = { HUNTS_LOCAL_DIR: join(workDir, 'own') };
    const local = await run([], env);
    assert.ok(local.report.newCount > 0, 'sanity: the samples give new findings');
    assert.match(local.stderr, /state in tables localFindings, localRuns, localHunts/);

    const requestsBefore = la.requests.length;
    const cloud = await run(['--source', 'loganalytics', '--now', CLOUD_NOW], { ...env, ...cloudEnv() });
    assert.equal(la.requests.length, requestsBefore + 1);
    assert.deepEqual(lastWindow(), [new Date(Date.parse(CLOUD_NOW) - DAY).toISOString(), CLOUD_NOW]);
    assert.equal(cloud.report.newCount, 1);
    assert.match(cloud.stderr, /state in tables ws000000001111Findings, ws000000001111Runs, ws000000001111Hunts/);

    // The workspace's next run starts from its own watermark, less the ingestion delay.
    const later = new Date(Date.parse(CLOUD_NOW) + DAY).toISOString();
    const again = await run(['--source', 'loganalytics', '--now', later], { ...env, ...cloudEnv() });
    assert.deepEqual(lastWindow(), [new Date(Date.parse(CLOUD_NOW) - pivot.ingestionDelay.ms).toISOString(), later]);
    assert.deepEqual([again.report.newCount, again.report.seenCount], [0, 1]);

    // And the samples' state is as the local run left it: its findings known, none of the cloud's.
    const localAgain = await run([], env);
    assert.deepEqual([localAgain.report.newCount, localAgain.report.seenCount], [0, local.report.newCount]);
  });

  it('in a configured Table Storage: its own tables per source and workspace, after TABLES_PREFIX, never the Function\'s', async () => {
    const prefix = uniqueTablePrefix();
    const env = { TABLES_CONNECTION_STRING: azurite.connectionString, TABLES_PREFIX: prefix };
    await run([], env);
    await run(['--source', 'loganalytics', '--now', CLOUD_NOW], { ...env, ...cloudEnv() });
    assert.deepEqual(lastWindow(), [new Date(Date.parse(CLOUD_NOW) - DAY).toISOString(), CLOUD_NOW]);

    const service = TableServiceClient.fromConnectionString(azurite.connectionString, { allowInsecureConnection: true });
    const tables: string[] = [];
    for await (const t of service.listTables()) if (t.name?.startsWith(prefix)) tables.push(t.name);
    assert.deepEqual(tables.sort(), [
      `${prefix}LocalFindings`, `${prefix}LocalHunts`, `${prefix}LocalRuns`, `${prefix}LocalSuppressions`,
      `${prefix}Ws000000001111Findings`, `${prefix}Ws000000001111Hunts`, `${prefix}Ws000000001111Runs`, `${prefix}Ws000000001111Suppressions`,
    ]);
  });
});
