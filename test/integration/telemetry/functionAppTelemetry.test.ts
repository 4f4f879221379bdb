/**
 * The built Function App package with telemetry on, as in Azure: the Azure Monitor distro inside the
 * bundle signs in with the managed identity (App Service's token endpoint, faked on 127.0.0.1) and
 * sends to an Application Insights ingestion endpoint on 127.0.0.1. A preload refuses any connection
 * that is not to loopback, so a probe (VM metadata, statsbeat) would fail the run instead of leaving.
 * What arrives is what the alert rules in infra/modules/alerts.bicep query.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { buildFunctionApp } from '../../../scripts/build-functionapp.js';
import { loadHunts } from '../../../src/hunts/load.js';
import { ATTR, SPAN } from '../../../src/telemetry/huntRunTelemetry.js';
import { uniqueTablePrefix, withAzurite, type TestAzurite } from '../../support/azurite.js';
import { FAKE_TOKEN, FAKE_WORKSPACE_ID, makeLoopbackCertificate, startFakeLogAnalytics, type FakeLogAnalytics } from '../../support/fakeLogAnalytics.js';
import { startFunctionApp, type FunctionAppProcess } from '../../support/functionsHost.js';
import { startFakeManagedIdentity } from '../../support/managedIdentity.js';
import type { TestReceiver } from '../../support/notify/server.js';
import { ROOT } from '../../support/seeds.js';

const CLIENT_ID = randomUUID();
const IDENTITY_HEADER = randomBytes(16).toString('hex');
const IKEY = randomUUID();
const pivot = loadHunts(join(ROOT, 'hunts'), 'hunts').hunts.find((h) => h.slug === 'pivot-detections-to-downloads')!;

// Loaded before the app: any socket to a host other than loopback is refused with an error naming it.
const LOOPBACK_ONLY = `
import net from 'node:net';
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const o = typeof args[0] === 'object' && args[0] !== null ? (Array.isArray(args[0]) ? args[0][0] : args[0]) : { host: args[1] };
  const host = o && (o.host ?? 'localhost');
  if (o && o.path === undefined && !['127.0.0.1', 'localhost', '::1'].includes(String(host))) {
    process.stderr.write('blocked connection to ' + host + '\\n');
    throw new Error('test: connection to ' + host + ' refused, only loopback is allowed');
  }
  return connect.apply(this, args);
};
`;

interface Envelope {
  name: string;
  iKey: string;
  data: { baseType: string; baseData: { name: string; success?: boolean; properties?: Record<string, string>; metrics?: { name: string; value: number }[] } };
}

let workDir: string;
let appDir: string;
let azurite: TestAzurite;
let la: FakeLogAnalytics;
let identity: TestReceiver;
let ingestion: Server;
let ingestionUrl: string;
let ingestionCa: string;
const envelopes: Envelope[] = [];
const ingestionAuth: (string | undefined)[] = [];
let app: FunctionAppProcess | undefined;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'hunts-telemetry-app-'));
  appDir = (await buildFunctionApp(join(workDir, 'functionapp'))).outDir;
  await writeFile(join(workDir, 'loopback-only.mjs'), LOOPBACK_ONLY);
  azurite = await withAzurite();
  // Every query fails: the run fails, which is what the "hunt run failed" alert looks for.
  la = await startFakeLogAnalytics(() => ({ status: 400, body: { error: { code: 'BadArgumentError', message: 'Query could not be parsed' } } }));
  identity = await startFakeManagedIdentity(IDENTITY_HEADER);
  // Application Insights' ingestion API: POST /v2.1/track, a JSON array of envelopes, gzipped or not.
  // The exporter only speaks HTTPS; the app trusts this certificate through NODE_EXTRA_CA_CERTS.
  const { key, cert } = await makeLoopbackCertificate();
  ingestionCa = cert;
  ingestion = createServer({ key, cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      if (req.url?.startsWith('/v2.1/track')) {
        ingestionAuth.push(req.headers.authorization);
        const items = text.trim().startsWith('[') ? (JSON.parse(text) as Envelope[]) : text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Envelope);
        envelopes.push(...items);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ itemsReceived: items.length, itemsAccepted: items.length, errors: [] }));
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => ingestion.listen(0, '127.0.0.1', resolve));
  ingestionUrl = `https://127.0.0.1:${(ingestion.address() as AddressInfo).port}/`;
});

after(async () => {
  await app?.stop();
  await Promise.all([azurite?.stop(), la?.stop(), identity?.close(), new Promise((r) => ingestion?.close(r))]);
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

describe('the Function App with Application Insights on', () => {
  it('sends hunt.run with its attributes and ERROR status to Application Insights with an Entra ID token', async () => {
    app = await startFunctionApp({
      appDir,
      workDir,
      env: {
        FUNCTIONS_WORKER_RUNTIME: 'node',
        // What Flex Consumption sets; the distro then knows it is in Functions and skips the VM probe.
        WEBSITE_SITE_NAME: 'hunts-func-test',
        WEBSITE_SKU: 'FlexConsumption',
        APPLICATIONINSIGHTS_STATSBEAT_DISABLED: 'true',
        NODE_OPTIONS: `--import=${join(workDir, 'loopback-only.mjs')}`,
        IDENTITY_ENDPOINT: identity.url,
        IDENTITY_HEADER,
        AZURE_CLIENT_ID: CLIENT_ID,
        APPLICATIONINSIGHTS_CONNECTION_STRING: `InstrumentationKey=${IKEY};IngestionEndpoint=${ingestionUrl}`,
        APPLICATIONINSIGHTS_AUTHENTICATION_STRING: `ClientId=${CLIENT_ID};Authorization=AAD`,
        LOG_ANALYTICS_WORKSPACE_ID: FAKE_WORKSPACE_ID,
        LOG_ANALYTICS_ENDPOINT: la.endpoint,
        NODE_EXTRA_CA_CERTS: await (async () => {
          const file = join(workDir, 'loopback-cas.pem');
          await writeFile(file, `${la.ca}\n${ingestionCa}`);
          return file;
        })(),
        TABLES_CONNECTION_STRING: azurite.connectionString,
        TABLES_PREFIX: uniqueTablePrefix(),
      },
    });
    assert.doesNotMatch(app.stderr(), /telemetry off/);
    const invocation = await app.invoke(`hunt-${pivot.slug}`);
    assert.match(invocation.error ?? '', /hunt pivot-detections-to-downloads failed/);

    // The handler flushed before returning, so the run's spans are already here.
    const run = envelopes.find((e) => e.data.baseData.name === SPAN.run);
    assert.ok(run, `hunt.run arrived; got ${envelopes.map((e) => e.data.baseData.name).join(', ')}\nstderr:\n${app.stderr()}`);
    assert.equal(run.iKey, IKEY);
    // A dependency (the alert rules query the dependencies table), failed, with the attributes as custom dimensions.
    assert.equal(run.data.baseType, 'RemoteDependencyData');
    assert.equal(run.data.baseData.success, false);
    const p = run.data.baseData.properties ?? {};
    assert.equal(p[ATTR.huntId], pivot.id);
    assert.equal(p[ATTR.status], 'failed');
    assert.equal(p[ATTR.schedule], pivot.schedule);
    assert.equal(p[ATTR.noticesDeadLettered], '0');
    assert.ok(envelopes.some((e) => e.data.baseData.name === SPAN.query && e.data.baseData.success === false), 'the failed step too');

    // Entra ID: a bearer token for Azure Monitor, from the app's managed identity.
    assert.ok(ingestionAuth.length > 0 && ingestionAuth.every((a) => a === `Bearer ${FAKE_TOKEN}`), `authorization: ${ingestionAuth.join(', ')}`);
    const monitorToken = identity.requests.map((r) => new URL(r.url, 'http://127.0.0.1')).find((u) => u.searchParams.get('resource')?.includes('monitor.azure.com'));
    assert.ok(monitorToken, `a token for https://monitor.azure.com: ${identity.requests.map((r) => r.url).join(', ')}`);
    assert.equal(monitorToken.searchParams.get('client_id'), CLIENT_ID);

    // Metrics go out with the same flush.
    const metricNames = envelopes.filter((e) => e.data.baseType === 'MetricData').flatMap((e) => e.data.baseData.metrics?.map((m) => m.name) ?? []);
    assert.ok(metricNames.includes('hunts.runs'), `metrics: ${metricNames.join(', ')}`);
    assert.doesNotMatch(app.stderr(), /blocked connection/);
  });
});
