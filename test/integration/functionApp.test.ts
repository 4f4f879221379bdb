/**
 * The deployable package (`npm run build`) run the way the Functions host runs it: plain `node` on the
 * built index.js, with nothing but the package on disk, @azure/functions-core supplied the way the
 * Node worker supplies it (test/support/functionsWorker.ts), and the environment of a deployed app:
 * a managed identity reached through IDENTITY_ENDPOINT / IDENTITY_HEADER, Log Analytics over HTTPS,
 * Table Storage, Teams and the webhook. Every server listens on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildFunctionApp, type FunctionAppBuild } from '../../scripts/build-functionapp.js';
import { startDevIssuer } from '../../src/api/devIssuer.js';
import { PAGE_CSP } from '../../src/api/page.js';
import { findingId } from '../../src/findings/findingKey.js';
import type { Hunt } from '../../src/hunts/hunt.js';
import { loadHunts } from '../../src/hunts/load.js';
import type { QueryResult } from '../../src/sources/querySource.js';
import { createTableServiceConfig } from '../../src/store/tableClients.js';
import { huntFindingsFilter } from '../../src/store/findingPartitions.js';
import { TableFindingStore } from '../../src/store/tableFindingStore.js';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../support/azurite.js';
import { FAKE_WORKSPACE_ID, startFakeLogAnalytics, successReply, type FakeLogAnalytics } from '../support/fakeLogAnalytics.js';
import { startFunctionApp, type FunctionAppProcess, type RegisteredFunction } from '../support/functionsHost.js';
import { startFakeManagedIdentity } from '../support/managedIdentity.js';
import { reply, startReceiver, startSignedWebhookReceiver, type TestReceiver } from '../support/notify/server.js';
import { ROOT } from '../support/seeds.js';

const CLIENT_ID = randomUUID();
const IDENTITY_HEADER = randomBytes(16).toString('hex');
const WEBHOOK_SECRET = `whsec_${Buffer.from('function-app-test-signing-secret').toString('base64')}`;
const HOUR = 3_600_000;
const API_TENANT = randomUUID();
const API_CLIENT = randomUUID();

const shipped = loadHunts(join(ROOT, 'hunts'), 'hunts');
const enabled = shipped.hunts.filter((h) => h.enabled);
const pivot = shipped.hunts.find((h) => h.slug === 'pivot-detections-to-downloads')!;

let workDir: string;
let built: FunctionAppBuild;
let caFile: string;
let azurite: TestAzurite;
let la: FakeLogAnalytics;
let identity: TestReceiver;
let teams: TestReceiver;
let webhook: TestReceiver;
const running: FunctionAppProcess[] = [];

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'hunts-functionapp-'));
  built = await buildFunctionApp(join(workDir, 'functionapp'));
  azurite = await withAzurite();
  la = await startFakeLogAnalytics(() => ({ status: 500 }));
  // Trusted by the app process only, through Node's own setting for extra CAs.
  caFile = join(workDir, 'log-analytics-ca.pem');
  await writeFile(caFile, la.ca);
  // App Service's local token endpoint: answers only with the secret header, as the real one does.
  identity = await startFakeManagedIdentity(IDENTITY_HEADER);
  teams = await startReceiver((_req, _i, res) => reply(res, 202), '/workflows');
  webhook = await startSignedWebhookReceiver(WEBHOOK_SECRET);
});

after(async () => {
  await Promise.all(running.map((app) => app.stop()));
  await Promise.all([azurite?.stop(), la?.stop(), identity?.close(), teams?.close(), webhook?.close()]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

/** App settings plus what App Service itself sets; the app sees nothing else (not even the test's env). */
function deployedEnv(tablePrefix: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    FUNCTIONS_WORKER_RUNTIME: 'node',
    IDENTITY_ENDPOINT: identity.url,
    IDENTITY_HEADER,
    AZURE_CLIENT_ID: CLIENT_ID,
    LOG_ANALYTICS_WORKSPACE_ID: FAKE_WORKSPACE_ID,
    LOG_ANALYTICS_ENDPOINT: la.endpoint,
    NODE_EXTRA_CA_CERTS: caFile,
    TABLES_CONNECTION_STRING: azurite.connectionString,
    TABLES_PREFIX: tablePrefix,
    TEAMS_WEBHOOK_URL: teams.url,
    WEBHOOK_URL: webhook.url,
    WEBHOOK_SECRET,
    API_TENANT_ID: API_TENANT,
    API_CLIENT_ID: API_CLIENT,
    ...extra,
  };
}

async function start(extra: Record<string, string> = {}, tablePrefix = uniqueTablePrefix()): Promise<FunctionAppProcess> {
  const app = await startFunctionApp({ appDir: built.outDir, workDir, env: deployedEnv(tablePrefix, extra) });
  running.push(app);
  return app;
}

/** [name, trigger type, schedule, runOnStartup] of each registered timer function. */
function timers(functions: RegisteredFunction[]): [string, string, unknown, unknown][] {
  return functions.filter((f) => Object.values(f.bindings).some((b) => b.type === 'timerTrigger')).map((f) => {
    const bindings = Object.values(f.bindings);
    assert.equal(bindings.length, 1, `${f.name}: a timer and no other binding`);
    const [b] = bindings;
    return [f.name, `${b.direction} ${b.type}`, b.schedule, b.runOnStartup];
  });
}

const expected = (hunt: Hunt, schedule = hunt.schedule): [string, string, unknown, unknown] => [`hunt-${hunt.slug}`, 'in timerTrigger', schedule, false];
// The watchdog timer (src/telemetry/watchdog.ts) comes after the hunts' timers.
const WATCHDOG: [string, string, unknown, unknown] = ['hunts-watchdog', 'in timerTrigger', '0 */30 * * * *', false];

describe('the built Function App package', () => {
  it('holds the bundle, its map, package.json, host.json and the hunts, and no local-only code', async () => {
    // Test cases (`hunts test`) are not deployed.
    const huntFiles = (await readdir(join(ROOT, 'hunts'))).filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f)).map((f) => `hunts/${f}`);
    const pageFiles = built.files.map((f) => f.path).filter((p) => p.startsWith('tab/'));
    assert.deepEqual(pageFiles.map((p) => p.replace(/-[A-Z0-9]{8}\./, '-HASH.')).sort(), ['tab/app-HASH.js', 'tab/index.html', 'tab/tab-HASH.css']);
    assert.deepEqual(built.files.map((f) => f.path).sort(), ['host.json', ...huntFiles, 'index.js', 'index.js.map', 'package.json', ...pageFiles].sort());
    const manifest = JSON.parse(await readFile(join(built.outDir, 'package.json'), 'utf8'));
    const rootManifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
    assert.deepEqual(manifest, { name: 'scheduled-hunts', version: rootManifest.version, type: 'module', main: 'index.js' });
    assert.equal(await readFile(join(built.outDir, 'host.json'), 'utf8'), await readFile(join(ROOT, 'host.json'), 'utf8'));
    assert.ok(built.inputs.includes('src/run/runHunt.ts'), 'sanity: the run code is in');
    assert.ok(built.inputs.some((f) => f.includes('node_modules/@azure/functions/')), 'the library is bundled, not expected from the host');
    assert.deepEqual(built.inputs.filter((f) => /^src\/(kql|cli)\/|^src\/sources\/local\.ts$|node_modules\/(@kusto|azurite)\//.test(f)), []);
    assert.deepEqual(built.warnings, []);
  });

  it('registers one timer per enabled shipped hunt, on its YAML schedule, never on startup', async () => {
    assert.ok(enabled.some((h) => h === pivot), 'sanity: the pivot hunt ships enabled');
    const app = await start();
    assert.equal(app.programmingModel?.name, '@azure/functions');
    assert.deepEqual(timers(app.functions), [...enabled.map((h) => expected(h)), WATCHDOG]);
    assert.doesNotMatch(app.stderr(), /scheduled-hunts:/, 'no hunt or setting errors');
  });

  it('serves the findings page built into the package through the programming model: GET and HEAD on tab/{*path}, anonymous', async () => {
    const app = await start();
    const page = app.functions.find((f) => f.name === 'findings-page');
    assert.ok(page, app.functions.map((f) => f.name).join(', '));
    const trigger = Object.values(page.bindings).find((b) => b.type === 'httpTrigger');
    assert.deepEqual([trigger?.route, trigger?.authLevel, trigger?.methods], ['tab/{*path}', 'anonymous', ['GET', 'HEAD']]);
    // The package's own tab/ (Azure has no esbuild to build it), byte for byte.
    const index = await app.invoke('findings-page', { method: 'GET', url: 'https://hunts.example/api/tab/', headers: {}, params: { path: '' } });
    assert.equal(index.error, undefined, index.error);
    assert.equal(index.response?.status, 200, index.response?.body);
    assert.equal(index.response?.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(index.response?.headers['content-security-policy'], PAGE_CSP);
    assert.equal(index.response?.body, await readFile(join(built.outDir, 'tab', 'index.html'), 'utf8'));
    const script = built.files.find((f) => /^tab\/app-[A-Z0-9]{8}\.js$/.test(f.path))!.path.slice('tab/'.length);
    const asset = await app.invoke('findings-page', { method: 'GET', url: `https://hunts.example/api/tab/${script}`, headers: {}, params: { path: script } });
    assert.equal(asset.response?.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(asset.response?.body, await readFile(join(built.outDir, 'tab', script), 'utf8'));
  });

  it('registers the findings API: anonymous HTTP triggers (the token is the check), and names a missing API setting at start-up', async () => {
    const app = await start();
    const http = app.functions
      .filter((f) => f.name.startsWith('api-'))
      .map((f) => {
        const trigger = Object.values(f.bindings).find((b) => b.type === 'httpTrigger');
        return [f.name, trigger?.route, trigger?.authLevel, trigger?.methods];
      });
    assert.deepEqual(http, [
      ['api-findings', 'findings', 'anonymous', ['GET']],
      ['api-finding', 'findings/{hunt}/{id}', 'anonymous', ['GET']],
      ['api-runs', 'runs', 'anonymous', ['GET']],
      ['api-triage', 'findings/{hunt}/{id}/triage', 'anonymous', ['POST']],
    ]);
    const unset = await start({ API_TENANT_ID: '' });
    assert.match(unset.stderr(), /scheduled-hunts: API_TENANT_ID: is not set.*the findings API answers 503 until it is set/);
    assert.equal(unset.functions.filter((f) => f.name.startsWith('api-')).length, 4, 'registered all the same, answering 503');
  });

  it('answers the findings API through the programming model: findings with a token, triage with the role, 401 without', async () => {
    const issuer = await startDevIssuer();
    try {
      const tablePrefix = uniqueTablePrefix();
      const store = new TableFindingStore(createTableServiceConfig({ connectionString: azurite.connectionString, tablePrefix }));
      await store.ensureTables();
      const key = { Host: 'cdn.badfiles.test' };
      const id = findingId(key);
      await store.reconcile(pivot, [{ id, huntId: pivot.id, key, title: 'Downloads from cdn.badfiles.test', severity: 'High', row: key }], 'run-1', new Date(), []);
      const app = await start({ ...issuer.env }, tablePrefix);
      assert.doesNotMatch(app.stderr(), /scheduled-hunts:/);
      const token = await issuer.sign({ preferred_username: 'analyst@contoso.test', roles: ['Hunts.Triage'] });
      const base = 'https://hunts.example/api';

      const listed = await app.invoke('api-findings', { method: 'GET', url: `${base}/findings?hunt=${pivot.id}`, headers: { authorization: `Bearer ${token}` } });
      assert.equal(listed.error, undefined, listed.error);
      assert.equal(listed.response?.status, 200, listed.response?.body);
      assert.equal(listed.response?.headers['content-type'], 'application/json; charset=utf-8');
      assert.deepEqual(JSON.parse(listed.response!.body).findings.map((f: { id: string }) => f.id), [id]);

      const triaged = await app.invoke('api-triage', {
        method: 'POST',
        url: `${base}/findings/${pivot.id}/${id}/triage`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ action: 'false-positive', reason: 'our CDN' }),
        params: { hunt: pivot.id, id },
      });
      assert.equal(triaged.response?.status, 200, triaged.response?.body);
      assert.deepEqual([...(await store.suppressions(pivot.id)).keys()], [id]);

      const anonymous = await app.invoke('api-runs', { method: 'GET', url: `${base}/runs`, headers: {} });
      assert.equal(anonymous.response?.status, 401);
      assert.equal(anonymous.response?.headers['www-authenticate'], 'Bearer');
    } finally {
      await issuer.stop();
    }
  });

  it('takes a schedule from HUNT_SCHEDULE_<FILE NAME>, for that hunt only', async () => {
    const app = await start({ HUNT_SCHEDULE_PIVOT_DETECTIONS_TO_DOWNLOADS: '0 */15 * * * *' });
    assert.deepEqual(timers(app.functions), [...enabled.map((h) => (h === pivot ? expected(h, '0 */15 * * * *') : expected(h))), WATCHDOG]);
  });

  it('leaves out only the hunt whose override is invalid, with an error naming the setting', async () => {
    const app = await start({ HUNT_SCHEDULE_PIVOT_DETECTIONS_TO_DOWNLOADS: '*/15 * * * *' });
    assert.deepEqual(timers(app.functions), [...enabled.filter((h) => h !== pivot).map((h) => expected(h)), WATCHDOG]);
    assert.match(app.stderr(), /scheduled-hunts: HUNT_SCHEDULE_PIVOT_DETECTIONS_TO_DOWNLOADS: .*hunt pivot-detections-to-downloads is not scheduled/);
    assert.equal(app.stderr().match(/scheduled-hunts:/g)?.length, 1, `that error only:\n${app.stderr()}`);
  });

  it('runs a hunt end to end: managed identity, Log Analytics, exclusions, Table Storage, Teams, webhook, summary line', async () => {
    const prefix = uniqueTablePrefix();
    const rows = (host: string, machines: number) => ({
      Host: host,
      MachineCount: machines,
      DeviceId: randomBytes(20).toString('hex'),
      FileName: 'invoice.exe',
      DetectedFiles: ['dropper.exe'],
      FileOriginUrl: `https://${host}/invoice.exe`,
      DetectedUrl: `https://${host}/dropper.exe`,
      ThreatNames: ['Trojan:Win32/Emotet.A!ml'],
      Timestamp: new Date(Date.now() - HOUR),
      SHA1: randomBytes(20).toString('hex'),
    });
    const result: QueryResult = {
      columns: [
        { name: 'Host', type: 'string' }, { name: 'MachineCount', type: 'long' }, { name: 'DeviceId', type: 'string' },
        { name: 'FileName', type: 'string' }, { name: 'DetectedFiles', type: 'dynamic' }, { name: 'FileOriginUrl', type: 'string' },
        { name: 'DetectedUrl', type: 'string' }, { name: 'ThreatNames', type: 'dynamic' }, { name: 'Timestamp', type: 'datetime' },
        { name: 'SHA1', type: 'string' },
      ],
      // The second is a Microsoft update host: the shipped exclusions drop it.
      rows: [rows('cdn.badfiles.test', 2), rows('download.microsoft.com', 3)],
    };
    la.setHandler(() => successReply(result));

    const app = await start({}, prefix);
    const invocation = await app.invoke(`hunt-${pivot.slug}`);
    assert.equal(invocation.error, undefined, `${invocation.error}\nstderr:\n${app.stderr()}`);

    // The token came from App Service's endpoint, for the user-assigned identity in AZURE_CLIENT_ID.
    assert.equal(identity.requests.length, 1);
    const tokenRequest = identity.requests[0];
    const tokenUrl = new URL(tokenRequest.url, 'http://127.0.0.1');
    assert.equal(tokenRequest.method, 'GET');
    assert.equal(tokenRequest.headers['x-identity-header'], IDENTITY_HEADER);
    assert.equal(tokenUrl.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(tokenUrl.searchParams.get('resource'), 'https://api.loganalytics.io');
    assert.equal(tokenUrl.searchParams.get('api-version'), '2019-08-01');

    // One query with that token, the KQL verbatim from the YAML, over the hunt's one-day lookback.
    assert.equal(la.rejectedAuth, 0);
    assert.equal(la.requests.length, 1);
    assert.equal(la.requests[0].workspaceId, FAKE_WORKSPACE_ID);
    assert.equal(la.requests[0].body.query, pivot.query);
    const [from, to] = String(la.requests[0].body.timespan).split('/').map((t) => Date.parse(t));
    assert.equal(to - from, pivot.lookback.ms);

    // One new finding, posted once to each channel.
    const title = 'Undetected downloads from cdn.badfiles.test, a site that served detected files (2 devices)';
    assert.equal(teams.requests.length, 1);
    const card = JSON.parse(teams.requests[0].body);
    assert.equal(card.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    assert.match(teams.requests[0].body.replace(/\\\\/g, ''), /cdn\[\.\]badfiles\[\.\]test/, 'defanged in the card');
    assert.doesNotMatch(teams.requests[0].body, /download\.microsoft\.com/);
    assert.equal(webhook.requests.length, 1);
    const event = JSON.parse(webhook.requests[0].body);
    assert.equal(event.type, 'com.scheduled-hunts.finding.new');
    assert.deepEqual(event.data.key, { Host: 'cdn.badfiles.test' });

    // Stored with both notices delivered; the run recorded; the watermark moved to the window's end.
    const tables = createTableServiceConfig({ connectionString: azurite.connectionString, tablePrefix: prefix });
    const stored: Record<string, unknown>[] = [];
    for await (const entity of tables.findings.listEntities({ queryOptions: { filter: huntFindingsFilter(pivot.id) } })) stored.push(entity);
    assert.deepEqual(stored.map((e) => [e.title, e.severity, e.teamsState, e.webhookState]), [[title, 'High', 'sent', 'sent']]);
    const store = TableFindingStore.fromSettings({ connectionString: azurite.connectionString, tablePrefix: prefix });
    const runs = await store.listRuns(pivot.id, 10);
    assert.deepEqual(runs.map((r) => [r.status, r.rows, r.excluded, r.findings, r.newFindings, r.notified]), [['succeeded', 2, 1, 1, 1, 2]]);
    assert.equal((await store.getWatermark(pivot.id))?.getTime(), to);

    // The one-line JSON summary, logged through the invocation's context as the worker receives it.
    const summaries = invocation.logs.filter((l) => l.message.includes('"event":"hunt-run"'));
    assert.equal(summaries.length, 1, JSON.stringify(invocation.logs, null, 2));
    assert.deepEqual([summaries[0].level, summaries[0].category], ['information', 'user']);
    const summary = JSON.parse(summaries[0].message);
    assert.equal(summary.huntId, pivot.id);
    assert.equal(summary.status, 'succeeded');
    assert.deepEqual([summary.rows, summary.excluded, summary.new], [2, 1, 1]);
    assert.deepEqual(Object.entries(summary.excludedByRule).filter(([, n]) => n), [['microsoft-update-hosts', 1]]);
    assert.deepEqual(summary.channels.map((c: { channel: string; sent: number; failed: number }) => [c.channel, c.sent, c.failed]), [['teams', 1, 0], ['webhook', 1, 0]]);
    assert.deepEqual(summary.newTitles, [title]);
    assert.deepEqual(invocation.logs.filter((l) => l.category === 'system' && l.level === 'warning'), [], 'no log after the invocation ended');
  });
});
